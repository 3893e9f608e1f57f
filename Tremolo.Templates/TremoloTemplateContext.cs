using System.Diagnostics;
using Scriban;
using Scriban.Functions;
using Scriban.Parsing;
using Scriban.Syntax;
using Tremolo.Templates.Context;
using Tremolo.Templates.Parsing;

namespace Tremolo.Templates;

/// <summary>
/// Scriban's runtime set up for Tremolo: shared builtins, <see cref="TemplateLimits"/>,
/// missing values as null rather than errors, and HTML escaping of `{{ }}` output.
/// One is kept per thread and reused from render to render.
/// </summary>
internal sealed class TremoloTemplateContext : TemplateContext
{
    private long _deadline;

    public TremoloTemplateContext() : base(TemplateBuiltins.Shared)
    {
        LoopLimit = TemplateLimits.LoopLimit;
        RecursiveLimit = TemplateLimits.RecursiveLimit;
        LimitToString = TemplateLimits.OutputLimit;
        OutputLimit = TemplateLimits.OutputLimit;
        OnOutputLimit = ScriptLimitBehavior.Throw;
        RegexTimeOut = TemplateLimits.RegexTimeout;
        EnableRelaxedTargetAccess = true;
        EnableNullIndexer = true;
    }

    /// <summary>Escape every `{{ }}` output except `| raw`.</summary>
    public bool EscapeHtml { get; private set; }

    public void Begin(RenderScope scope, bool escapeHtml)
    {
        EscapeHtml = escapeHtml;
        _deadline = Stopwatch.GetTimestamp() + (long)(TemplateLimits.MaxDuration.TotalSeconds * Stopwatch.Frequency);
        PushGlobal(new GlobalsObject(scope));
    }

    public void End() => PopGlobal();

    public override TemplateContext Write(SourceSpan span, object? textAsObject)
    {
        if (textAsObject is RawHtml raw)
        {
            return Write(raw.Text);
        }

        if (!EscapeHtml || textAsObject is null)
        {
            return base.Write(span, textAsObject);
        }

        var text = ObjectToString(textAsObject);
        return text is null ? this : Write(HtmlEscaper.Escape(text));
    }

    /// <summary>
    /// Printed whole, a list of field values is its values joined with ", " and a map
    /// (request.headers, query, ...) is its JSON, rather than Scriban's array syntax.
    /// </summary>
    public override string? ObjectToString(object? value, bool nested = false) => value switch
    {
        RawHtml raw => raw.Text,
        FieldValues values when !nested => values.ToString(),
        FieldMapObject map when !nested => ObjectFunctions.ToJson(this, map),
        _ => base.ObjectToString(value, nested),
    };

    protected override bool OnStepLoop(ScriptLoopStatementBase loop)
    {
        if (Stopwatch.GetTimestamp() > _deadline)
        {
            throw new TemplateLimitException($"template ran longer than {TemplateLimits.MaxDuration.TotalSeconds}s");
        }

        return base.OnStepLoop(loop);
    }
}
