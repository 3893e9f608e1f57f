namespace Tremolo.SpecTests;

public class SolutionSmokeTests
{
    [Fact]
    public void ServerOptionsHaveTremoloDefaults()
    {
        var options = new Tremolo.Config.Model.ServerOptions();
        Assert.Equal(8000, options.Port);
        Assert.Equal(2 * 1048576, options.ClientMaxBodySize);
        Assert.Equal("Tremolo", options.ServerName);
    }
}
