namespace Tremolo.Config.Loading;

/// <summary>RFC 9110 field names are tokens.</summary>
internal static class HeaderName
{
    private const string TokenSymbols = "!#$%&'*+-.^_`|~";

    public static bool IsValid(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || TokenSymbols.Contains(c));
}
