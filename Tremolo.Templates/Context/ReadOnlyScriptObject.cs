using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;

namespace Tremolo.Templates.Context;

/// <summary>
/// A template object whose members are computed on first read, so a template pays only
/// for what it touches. Templates cannot change it.
/// </summary>
internal abstract class ReadOnlyScriptObject : IScriptObject
{
    public int Count => GetMembers().Count();

    public bool IsReadOnly
    {
        get => true;
        set { }
    }

    public abstract IEnumerable<string> GetMembers();

    public abstract bool Contains(string member);

    public bool TryGetValue(TemplateContext? context, SourceSpan span, string member, out object? value) =>
        TryGetMember(member, out value);

    public virtual bool CanWrite(string member) => false;

    public virtual bool TrySetValue(TemplateContext? context, SourceSpan span, string member, object? value, bool readOnly) => false;

    public virtual bool Remove(string member) => false;

    public void SetReadOnly(string member, bool readOnly)
    {
    }

    public IScriptObject Clone(bool deep) => this;

    protected abstract bool TryGetMember(string member, out object? value);
}
