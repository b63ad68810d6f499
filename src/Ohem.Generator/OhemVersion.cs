namespace Ohem.Generator
{
    /// <summary>The generator's version as written into [GeneratedCode]; snapshot tests scrub it.</summary>
    internal static class OhemVersion
    {
        public const string Text = "0.1.0";
    }
}
