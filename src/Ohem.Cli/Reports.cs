using System;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ohem.Cli
{
    /// <summary>What <c>ohem eval</c> prints. NaN (nothing kept) is written as null: JSON has no NaN.</summary>
    internal sealed record EvalReport(
        float? Loss,
        long Kept,
        string Rule,
        float? ThresholdLoss,
        string Backend,
        long Pixels,
        long ValidPixels,
        double Ms);

    /// <summary>What <c>ohem bench</c> prints: medians in milliseconds.</summary>
    internal sealed record BenchReport(
        double ForwardMs,
        double ForwardBackwardMs,
        string Backend,
        int? Threads,
        int[] Size,
        int Runs,
        string Logits,
        string Labels);

    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false)]
    [JsonSerializable(typeof(EvalReport))]
    [JsonSerializable(typeof(BenchReport))]
    internal sealed partial class ReportJson : JsonSerializerContext
    {
    }

    internal static class Reports
    {
        public static string RuleName(OhemRule rule) => rule == OhemRule.AboveThreshold ? "above-threshold" : "top-n-min";

        public static string BackendName(OhemBackend backend) => backend == OhemBackend.Cuda ? "cuda" : "cpu";

        public static float? Finite(float value) => float.IsNaN(value) ? null : value;

        public static double Ms(TimeSpan time) => Math.Round(time.TotalMilliseconds, 3);

        public static void Write(TextWriter stdout, EvalReport report) => Line(stdout, JsonSerializer.Serialize(report, ReportJson.Default.EvalReport));

        public static void Write(TextWriter stdout, BenchReport report) => Line(stdout, JsonSerializer.Serialize(report, ReportJson.Default.BenchReport));

        private static void Line(TextWriter stdout, string json)
        {
            stdout.WriteLine(json);
            stdout.Flush();
        }
    }
}
