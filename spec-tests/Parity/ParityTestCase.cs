using System.ComponentModel;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Tremolo.SpecTests.Parity;

/// <summary>One corpus case; its display name is its id, "app/case".</summary>
public sealed class ParityTestCase : XunitTestCase
{
    [EditorBrowsable(EditorBrowsableState.Never)]
    [Obsolete("Called by the de-serializer", error: true)]
    public ParityTestCase()
    {
    }

    public ParityTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay display, TestMethodDisplayOptions displayOptions, ITestMethod testMethod, string id)
        : base(diagnosticMessageSink, display, displayOptions, testMethod, [id])
    {
    }

    protected override string GetDisplayName(IAttributeInfo factAttribute, string displayName) => (string)TestMethodArguments[0];
}
