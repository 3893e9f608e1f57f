using Xunit.Sdk;

namespace Tremolo.SpecTests.Parity;

/// <summary>A theory with one case per corpus case, named "app/case", the argument being that name.</summary>
[XunitTestCaseDiscoverer("Tremolo.SpecTests.Parity.ParityCaseDiscoverer", "spec-tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ParityCasesAttribute : FactAttribute;
