namespace Ohem.Generator
{
    /// <summary>Names of the pipeline steps, for the incrementality tests.</summary>
    internal static class TrackingNames
    {
        public const string Execute = "Ohem.Execute";
        public const string Diagnostics = "Ohem.Diagnostics";
        public const string Output = "Ohem.Output";
    }
}
