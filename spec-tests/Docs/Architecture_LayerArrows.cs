using System.Reflection;
using System.Reflection.Emit;
using Tremolo.Server.Http;

namespace Tremolo.SpecTests.Docs;

/// <summary>
/// docs/architecture.md "Layers": arrows point down only. Every type of the server assembly
/// is read (its fields, signatures, bases, locals and the types and members its IL names,
/// compiler-made state machines and lambdas included) and what it refers to is checked
/// against the layer it is in.
/// </summary>
public sealed class Architecture_LayerArrows
{
    private static readonly Assembly Server = typeof(HttpContext).Assembly;

    [Fact]
    public void ProtocolAndTransportReferNoAppHostingConfigOrTemplatesType()
    {
        string[] lower = ["Tremolo.Server.Http", "Tremolo.Server.WebSockets", "Tremolo.Server.Transport"];
        string[] above = ["Tremolo.Server.App", "Tremolo.Server.Hosting", "Tremolo.Server.Cli", "Tremolo.Config", "Tremolo.Templates"];
        Assert.Empty(Violations(lower, above));
    }

    [Fact]
    public void AppRefersNoTransportType()
    {
        Assert.Empty(Violations(["Tremolo.Server.App"], ["Tremolo.Server.Transport"]));
    }

    /// <summary>Channels sit below the protocol layer: WebSocket sessions and SSE followers use them alike.</summary>
    [Fact]
    public void ChannelsReferNoProtocolAppHostingConfigOrTemplatesType()
    {
        string[] above =
        [
            "Tremolo.Server.Http", "Tremolo.Server.WebSockets", "Tremolo.Server.App", "Tremolo.Server.Files",
            "Tremolo.Server.Hosting", "Tremolo.Server.Cli", "Tremolo.Config", "Tremolo.Templates",
        ];
        Assert.Empty(Violations(["Tremolo.Server.Channels"], above));
    }

    [Fact]
    public void TransportRefersNoProtocolOrChannelsType()
    {
        Assert.Empty(Violations(["Tremolo.Server.Transport"], ["Tremolo.Server.Http", "Tremolo.Server.WebSockets", "Tremolo.Server.Channels", "Tremolo.Server.Files"]));
    }

    /// <summary>Files is part of the App layer: it writes into the connection's output through the protocol layer.</summary>
    [Fact]
    public void FilesReferNoTransportHostingOrCliType()
    {
        Assert.Empty(Violations(["Tremolo.Server.Files"], ["Tremolo.Server.Transport", "Tremolo.Server.Hosting", "Tremolo.Server.Cli"]));
    }

    /// <summary>Diagnostics (the log, the metrics) is below every other layer: each of them logs and counts.</summary>
    [Fact]
    public void DiagnosticsRefersNoOtherLayer()
    {
        string[] above =
        [
            "Tremolo.Server.Hosting", "Tremolo.Server.Cli", "Tremolo.Server.App", "Tremolo.Server.Files", "Tremolo.Server.Http",
            "Tremolo.Server.WebSockets", "Tremolo.Server.Channels", "Tremolo.Server.Transport", "Tremolo.Config", "Tremolo.Templates",
        ];
        Assert.Empty(Violations(["Tremolo.Server.Diagnostics"], above));
    }

    /// <summary>The check itself can fail: it finds the downward arrows that do exist.</summary>
    [Theory]
    [InlineData("Tremolo.Server.Hosting", "Tremolo.Server.Transport")] // it opens the listeners
    [InlineData("Tremolo.Server.Http", "Tremolo.Server.Transport")] // the connection's pipes
    [InlineData("Tremolo.Server.App", "Tremolo.Config")] // the YAML model
    [InlineData("Tremolo.Server.App", "Tremolo.Templates")] // rendering
    [InlineData("Tremolo.Server.WebSockets", "Tremolo.Server.Transport")] // the flusher
    [InlineData("Tremolo.Server.WebSockets", "Tremolo.Server.Channels")] // a session's member queue
    [InlineData("Tremolo.Server.Files", "Tremolo.Server.Http")] // the body output
    [InlineData("Tremolo.Server.Channels", "Tremolo.Server.Diagnostics")] // the log
    [InlineData("Tremolo.Server.Transport", "Tremolo.Server.Diagnostics")] // the metrics
    public void TheCheckSeesArrowsThatExist(string layer, string below)
    {
        Assert.NotEmpty(Violations([layer], [below]));
    }

    private static List<string> Violations(string[] layer, string[] forbidden)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in Server.GetTypes().Where(t => In(t, layer)))
        {
            foreach (var used in Referenced(type))
            {
                if (In(used, forbidden))
                {
                    found.Add($"{type.FullName} -> {used.FullName}");
                }
            }
        }

        return [.. found];
    }

    private static bool In(Type type, string[] namespaces)
    {
        var name = type.Namespace ?? "";
        return namespaces.Any(n => name == n || name.StartsWith(n + ".", StringComparison.Ordinal));
    }

    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static IEnumerable<Type> Referenced(Type type)
    {
        var seen = new HashSet<Type>();
        void Add(Type? t)
        {
            if (t is null || !seen.Add(t))
            {
                return;
            }

            if (t.HasElementType)
            {
                Add(t.GetElementType());
            }

            if (t.IsGenericType && !t.IsGenericTypeDefinition)
            {
                Add(t.GetGenericTypeDefinition());
                foreach (var argument in t.GetGenericArguments())
                {
                    Add(argument);
                }
            }
        }

        Add(type.BaseType);
        foreach (var face in type.GetInterfaces())
        {
            Add(face);
        }

        foreach (var field in type.GetFields(All))
        {
            Add(field.FieldType);
        }

        foreach (var property in type.GetProperties(All))
        {
            Add(property.PropertyType);
        }

        foreach (var method in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
        {
            if (method is MethodInfo info)
            {
                Add(info.ReturnType);
            }

            foreach (var parameter in method.GetParameters())
            {
                Add(parameter.ParameterType);
            }

            var body = method.GetMethodBody();
            if (body is null)
            {
                continue;
            }

            foreach (var local in body.LocalVariables)
            {
                Add(local.LocalType);
            }

            foreach (var member in IlReferences(method, body.GetILAsByteArray() ?? []))
            {
                switch (member)
                {
                    case Type t:
                        Add(t);
                        break;
                    case FieldInfo f:
                        Add(f.DeclaringType);
                        Add(f.FieldType);
                        break;
                    case MethodBase m:
                        Add(m.DeclaringType);
                        if (m is MethodInfo mi)
                        {
                            Add(mi.ReturnType);
                            if (mi.IsGenericMethod)
                            {
                                foreach (var argument in mi.GetGenericArguments())
                                {
                                    Add(argument);
                                }
                            }
                        }

                        foreach (var parameter in m.GetParameters())
                        {
                            Add(parameter.ParameterType);
                        }

                        break;
                }
            }
        }

        return seen;
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>The types, fields and methods an IL body names (by token).</summary>
    private static IEnumerable<MemberInfo> IlReferences(MethodBase method, byte[] il)
    {
        var module = method.Module;
        var typeArguments = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var at = 0;
        while (at < il.Length)
        {
            short value = il[at++];
            if (value == 0xFE)
            {
                value = (short)(0xFE00 | il[at++]);
            }

            var code = OpCodesByValue[value];
            switch (code.OperandType)
            {
                case OperandType.InlineType:
                case OperandType.InlineField:
                case OperandType.InlineMethod:
                case OperandType.InlineTok:
                    var token = BitConverter.ToInt32(il, at);
                    at += 4;
                    MemberInfo? member = null;
                    try
                    {
                        member = module.ResolveMember(token, typeArguments, methodArguments);
                    }
                    catch (ArgumentException)
                    {
                        // A token of a generic context this reader does not rebuild: its type is seen through signatures.
                    }

                    if (member is not null)
                    {
                        yield return member;
                    }

                    break;
                case OperandType.InlineSwitch:
                    var count = BitConverter.ToInt32(il, at);
                    at += 4 + (4 * count);
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget:
                case OperandType.ShortInlineI:
                case OperandType.ShortInlineVar:
                    at += 1;
                    break;
                case OperandType.InlineVar:
                    at += 2;
                    break;
                case OperandType.InlineI8:
                case OperandType.InlineR:
                    at += 8;
                    break;
                default:
                    at += 4;
                    break;
            }
        }
    }
}
