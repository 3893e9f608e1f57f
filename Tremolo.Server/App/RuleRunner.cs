using Tremolo.Config.Model;
using Tremolo.Server.Http;
using Tremolo.Templates;

namespace Tremolo.Server.App;

/// <summary>
/// Runs middleware rules: request rules in order, response rules last to first. A rule
/// whose condition holds applies its decorations; one with a body form answers with
/// response.end() and stops the chain; `error`/`redirect` raise; `close` drops the connection.
/// </summary>
internal static class RuleRunner
{
    public static async Task<bool> RunRequestRulesAsync(HttpContext context, IReadOnlyList<RuleModel> rules)
    {
        foreach (var rule in rules)
        {
            if (await ApplyAsync(context, rule))
            {
                return true;
            }
        }

        return false;
    }

    public static async Task<bool> RunResponseRulesAsync(HttpContext context, IReadOnlyList<RuleModel> rules)
    {
        for (var i = rules.Count - 1; i >= 0; i--)
        {
            if (await ApplyAsync(context, rules[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the rule answered (or closed) and the chain stops.</summary>
    private static async Task<bool> ApplyAsync(HttpContext context, RuleModel rule)
    {
        var usage = (rule.When?.Usage ?? TemplateUsage.None) | rule.Response.Usage;
        if ((usage & (TemplateUsage.Body | TemplateUsage.Form)) != 0)
        {
            await context.ReadBodyAsync();
        }

        if (rule.When is { } when && !when.Evaluate(RenderContext.Scope(context)))
        {
            return false;
        }

        ResponseDecorator.Apply(context, rule.Response);
        switch (rule.Response.Body)
        {
            case null:
                return false;
            case LiteralBody literal:
                Answers.End(context, literal.Text, System.Text.Encoding.UTF8, keepAlive: true);
                return true;
            case TemplateBody template:
                Answers.End(context, RenderContext.Body(template.Template, context), System.Text.Encoding.UTF8, keepAlive: true);
                return true;
            case HealthBody:
                Answers.End(context, OperationsResponder.Health(context, rule.Response.ContentType), System.Text.Encoding.UTF8, keepAlive: true);
                return true;
            case MetricsBody:
                Answers.End(context, await OperationsResponder.MetricsAsync(context, rule.Response.ContentType), System.Text.Encoding.UTF8, keepAlive: true);
                return true;
            case ErrorBody error:
                throw ErrorResponder.Raise(error, context);
            case RedirectBody redirect:
                throw ErrorResponder.Redirect(redirect, context);
            case CloseBody:
                context.Framing.Close();
                context.Framing.CloseAfterResponse();
                return true;
            default:
                throw new HttpError(500, "a middleware rule cannot serve files");
        }
    }
}
