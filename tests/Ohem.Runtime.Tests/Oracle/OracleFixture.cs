using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Ohem.NumPy;
using Ohem.Runtime.Tests.Support;
using Xunit;

namespace Ohem.Runtime.Tests.Oracle
{
    /// <summary>What the seed computed for one case.</summary>
    public sealed record TorchResult(float Loss, double Loss64, long Kept, OhemRule Rule, uint ThreshLossBits, float[] Gradient, float[] CrossEntropy);

    /// <summary>
    /// Writes every <see cref="OracleCases"/> batch as .npy and runs the seed on all of them in one python process
    /// (importing torch is the slow part), once per test run.
    /// </summary>
    public sealed class OracleFixture : IDisposable
    {
        private readonly string root;

        public OracleFixture()
        {
            Cases = OracleCases.All().ToDictionary(c => c.Name);
            root = Path.Combine(Path.GetTempPath(), "ohem-oracle-" + Guid.NewGuid().ToString("N"));
            WhyUnavailable = TorchOracle.WhyUnavailable;
            if (WhyUnavailable is not null)
            {
                return;
            }

            Directory.CreateDirectory(root);
            var entries = new List<string>();
            foreach (OracleCase c in Cases.Values)
            {
                string dir = Path.Combine(root, c.Name);
                c.Write(dir);
                entries.Add(c.ManifestEntry(dir));
            }

            string thresh = string.Join(", ", OracleCases.ThreshValues.Select(t => t.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
            string manifest = Path.Combine(root, "manifest.json");
            File.WriteAllText(manifest, "{\"cases\": [" + string.Join(",\n", entries) + "], \"thresh_values\": [" + thresh + "]}");
            TorchOracle.Run(manifest, TimeSpan.FromMinutes(5));

            foreach (OracleCase c in Cases.Values)
            {
                string dir = Path.Combine(root, c.Name);
                using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "result.json")));
                JsonElement r = doc.RootElement;
                Results[c.Name] = new TorchResult(
                    BitConverter.UInt32BitsToSingle(r.GetProperty("loss_bits").GetUInt32()),
                    BitConverter.UInt64BitsToDouble(r.GetProperty("loss64_bits").GetUInt64()),
                    r.GetProperty("kept").GetInt64(),
                    Enum.Parse<OhemRule>(r.GetProperty("rule").GetString()!),
                    r.GetProperty("thresh_loss_bits").GetUInt32(),
                    NpyFile.Read<float>(Path.Combine(dir, "grad.npy"), c.Shape.N, c.Shape.C, c.Shape.H, c.Shape.W),
                    NpyFile.Read<float>(Path.Combine(dir, "ce.npy"), c.Shape.Pixels));
                EngineLogits[c.Name] = c.Spec.IsChannelsLast ? ReadChannelsLast(Path.Combine(dir, "logits_cl.npy"), c) : c.Logits;
            }

            using JsonDocument t = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "thresh.json")));
            foreach (JsonProperty p in t.RootElement.EnumerateObject())
            {
                TorchThreshLossBits[double.Parse(p.Name, System.Globalization.CultureInfo.InvariantCulture)] = p.Value.GetUInt32();
            }
        }

        /// <summary>
        /// What each case's engine is fed: <see cref="OracleCase.Logits"/> for NCHW; for NHWC the memory of torch's
        /// <c>.contiguous(memory_format=torch.channels_last)</c> copy of them, as the oracle wrote it.
        /// </summary>
        public Dictionary<string, Array> EngineLogits { get; } = new();

        private static Array ReadChannelsLast(string path, OracleCase c) => c.Logits switch
        {
            float[] => NpyFile.Read<float>(path, c.Shape.Logits),
            Half[] => NpyFile.Read<Half>(path, c.Shape.Logits),
            BFloat16[] => System.Runtime.InteropServices.MemoryMarshal.Cast<ushort, BFloat16>(NpyFile.Read<ushort>(path, c.Shape.Logits)).ToArray(),
            _ => throw new NotSupportedException(c.Name),
        };

        /// <summary>Null when torch ran; otherwise why the parity tests cannot run here.</summary>
        public string? WhyUnavailable { get; }

        public IReadOnlyDictionary<string, OracleCase> Cases { get; }

        public Dictionary<string, TorchResult> Results { get; } = new();

        public Dictionary<double, uint> TorchThreshLossBits { get; } = new();

        /// <summary>Skips the calling test when torch is missing, unless OHEM_REQUIRE_TORCH=1 makes that a failure.</summary>
        public void RequireTorch()
        {
            if (WhyUnavailable is null)
            {
                return;
            }

            if (TorchOracle.Required)
            {
                Assert.Fail("OHEM_REQUIRE_TORCH=1 but " + WhyUnavailable);
            }

            Skip.If(true, WhyUnavailable);
        }

        public void Dispose()
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    [CollectionDefinition(Name)]
    public sealed class OracleCollection : ICollectionFixture<OracleFixture>
    {
        public const string Name = "torch oracle";
    }
}
