using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace Ohem.Generator.Tests
{
    /// <summary>
    /// How the one-block kernels share the device state between their threads, checked on every emitted text. A device run
    /// found the top-n_min fallback wrong: the decide kernel's threads read <c>state-&gt;refine</c> back from global memory
    /// after thread 0 wrote it, and NVRTC moved that load above the <c>__syncthreads</c> (the state was
    /// <c>__restrict__</c>, so the compiler assumed no other thread touched it). These rules keep that from coming back.
    /// </summary>
    public sealed class SharedStateRulesTests
    {
        public static IEnumerable<object[]> Specs() =>
            from row in (IEnumerable<object[]>)MatrixCases.Names
            let name = (string)row[0]
            from hint in MatrixCases.Get(name).SpecsByHint.Keys.OrderBy(h => h, System.StringComparer.Ordinal)
            select new object[] { name, hint };

        [Theory]
        [MemberData(nameof(Specs))]
        public void DecideKernel_ReadsAndWritesTheStateOnlyInThreadZero(string name, string hint)
        {
            var spec = MatrixCases.Get(name).SpecsByHint[hint];
            string decide = Kernel(OhemCudaEmitter.Emit(spec), spec.KernelNames.Decide);
            string outside = WithoutThreadZeroBlocks(decide);

            Assert.Contains("state->", decide);
            Assert.DoesNotContain("state->", outside);
            // The other threads take thread 0's decision from shared memory.
            Assert.Contains("if (s_refine != 0u)", outside);
            Assert.Contains("ohem_find_bin(hist1, 2048, s_remaining, &s_bin, &s_rest, s_u64);", outside);
        }

        [Theory]
        [MemberData(nameof(Specs))]
        public void KernelsThatStoreIntoTheState_DoNotDeclareItRestrict(string name, string hint)
        {
            var spec = MatrixCases.Get(name).SpecsByHint[hint];
            string source = OhemCudaEmitter.Emit(spec);
            var storing = new List<string>();
            foreach (string kernel in spec.KernelNames.All)
            {
                string text = Kernel(source, kernel);
                string signature = text.Substring(0, text.IndexOf('{'));
                bool stores = Regex.IsMatch(text, @"\bstate->\w+(\[[^\]]*\])?\s*(=|\+=)[^=]") || text.Contains("(u64*)state");
                if (stores)
                {
                    storing.Add(kernel);
                    Assert.Contains("OhemState* state", signature);
                    Assert.DoesNotContain("OhemState* __restrict__ state", signature);
                }
            }

            // reset, decide and select store into the state in every spec.
            Assert.Contains(spec.KernelNames.Reset, storing);
            Assert.Contains(spec.KernelNames.Decide, storing);
            Assert.Contains(spec.KernelNames.Select, storing);
        }

        [Fact]
        public void ThreadZeroBlocksAreCutOutWithTheirBraces()
        {
            const string text = "a state->x;\n    if (threadIdx.x == 0)\n    {\n        if (y) { state->z = 1; }\n    }\n    b;";
            Assert.Equal("a state->x;\n    \n    b;", WithoutThreadZeroBlocks(text));
        }

        /// <summary>The text of one <c>extern "C" __global__</c> kernel, from its declaration to its closing brace.</summary>
        private static string Kernel(string source, string name)
        {
            int start = source.IndexOf(") " + name + "(", System.StringComparison.Ordinal);
            Assert.True(start >= 0, name + " is not in the emitted text");
            int open = source.IndexOf('{', start);
            return source.Substring(start, MatchingBrace(source, open) + 1 - start);
        }

        /// <summary>The text with every <c>if (threadIdx.x == 0) { ... }</c> block removed.</summary>
        private static string WithoutThreadZeroBlocks(string text)
        {
            const string guard = "if (threadIdx.x == 0)";
            int at;
            while ((at = text.IndexOf(guard, System.StringComparison.Ordinal)) >= 0)
            {
                int open = text.IndexOf('{', at);
                Assert.True(text.Substring(at + guard.Length, open - at - guard.Length).Trim().Length == 0, "a one-line thread-0 statement: give it braces");
                text = text.Remove(at, MatchingBrace(text, open) + 1 - at);
            }

            return text;
        }

        private static int MatchingBrace(string text, int open)
        {
            int depth = 0;
            for (int i = open; i < text.Length; i++)
            {
                depth += text[i] == '{' ? 1 : text[i] == '}' ? -1 : 0;
                if (depth == 0)
                {
                    return i;
                }
            }

            Assert.Fail("unbalanced braces");
            return -1;
        }
    }
}
