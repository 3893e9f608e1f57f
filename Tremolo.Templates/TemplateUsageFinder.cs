using Scriban.Syntax;

namespace Tremolo.Templates;

/// <summary>
/// Finds in a syntax tree which request parts a template reads. Only `request.NAME` is
/// understood; any other use of `request` (indexed, piped, passed, assigned, imported)
/// or of `this` may reach anything, so it counts as reading body and form.
/// </summary>
internal sealed class TemplateUsageFinder : ScriptVisitor
{
    private const TemplateUsage Everything = TemplateUsage.Body | TemplateUsage.Form;

    public TemplateUsage Usage { get; private set; }

    public static TemplateUsage Find(ScriptNode? root)
    {
        var finder = new TemplateUsageFinder();
        finder.Visit(root);
        return finder.Usage;
    }

    public override void Visit(ScriptVariableGlobal node)
    {
        if (node.Name != "request")
        {
            return;
        }

        switch (node.Parent)
        {
            case ScriptMemberExpression member when ReferenceEquals(member.Member, node):
                return; // `x.request`: a member named request, not the global
            case ScriptMemberExpression member when ReferenceEquals(member.Target, node):
                Usage |= member.Member?.Name switch
                {
                    "body" => TemplateUsage.Body,
                    "form" => TemplateUsage.Form,
                    _ => TemplateUsage.None,
                };
                return;
            default:
                Usage |= Everything;
                return;
        }
    }

    public override void Visit(ScriptThisExpression node) => Usage |= Everything;
}
