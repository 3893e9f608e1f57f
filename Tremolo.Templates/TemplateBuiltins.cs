using Scriban;
using Scriban.Runtime;

namespace Tremolo.Templates;

/// <summary>
/// Scriban's builtin functions (string, array, date, ...) plus `raw`, with `regex` replaced
/// by <see cref="TemplateRegexFunctions"/> (bounded time), built once and
/// shared by every render. Everything is read-only so no render can leak a change
/// (e.g. `date.format = ...`) into another.
/// </summary>
internal static class TemplateBuiltins
{
    public static readonly ScriptObject Shared = Create();

    private static ScriptObject Create()
    {
        var builtins = TemplateContext.GetDefaultBuiltinObject();
        builtins.Import("raw", new Func<TemplateContext, object?, RawHtml>(
            (context, value) => value as RawHtml ?? new RawHtml(context.ObjectToString(value) ?? "")));
        builtins.SetValue("regex", new TemplateRegexFunctions(), true);
        foreach (var name in builtins.Keys)
        {
            if (builtins[name] is ScriptObject library)
            {
                library.IsReadOnly = true;
            }
        }

        builtins.IsReadOnly = true;
        return builtins;
    }
}
