using System.Security.Cryptography;
using System.Text;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Tremolo.SpecTests.Parity;

/// <summary>
/// Lists the corpus's cases as test cases, putting each app in a test collection of its own:
/// an app's cases share one server and run in order, while apps run in parallel.
/// </summary>
public sealed class ParityCaseDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        var corpus = ParityCorpus.Locate(out string error);
        if (corpus is null)
            return [new ExecutionErrorTestCase(diagnosticMessageSink, display, displayOptions, testMethod, error)];
        var found = new List<IXunitTestCase>();
        foreach (var (app, cases) in corpus.Discover())
        {
            var collection = new TestCollection(testMethod.TestClass.TestCollection.TestAssembly, null, $"parity {app}", StableId(app));
            var method = new TestMethod(new TestClass(collection, testMethod.TestClass.Class), testMethod.Method);
            found.AddRange(cases.Select(name => new ParityTestCase(diagnosticMessageSink, display, displayOptions, method, $"{app}/{name}")));
        }
        return found;
    }

    // the same id in discovery and in a later (deserialised) run keeps an app's cases together
    private static Guid StableId(string app)
        => new(SHA256.HashData(Encoding.UTF8.GetBytes("tremolo-parity/" + app)).AsSpan(0, 16));
}
