using Microsoft.CodeAnalysis;
using Ohem.TestUtilities;
using Xunit;

namespace Ohem.Generator.Tests
{
    /// <summary>
    /// OHEM0008 is a warning a user may mean to ignore (a class id reused as the ignore label): #pragma warning disable
    /// must silence it like a compiler warning. Roslyn's generator driver checks the pragmas of the diagnostic's
    /// location: a covered one comes back flagged <see cref="Diagnostic.IsSuppressed"/> (whether or not the compilation
    /// reports suppressed diagnostics), which the compiler does not print and the IDE does not show.
    /// </summary>
    public sealed class PragmaSuppressionTests
    {
        private const string Loss = """
            [OhemLoss(IgnoreLabel = 3, NumClasses = 19)]
            public partial class Loss;
            """;

        private const string Suppressed = "using Ohem;\n\n#pragma warning disable OHEM0008\n" + Loss + "\n#pragma warning restore OHEM0008\n";

        [Fact]
        public void Without_the_pragma_the_warning_is_reported()
        {
            var run = GeneratorHarness.Run(new OhemLossGenerator(), GeneratorHarness.CreateCompilation("using Ohem;\n\n" + Loss));
            var warning = Assert.Single(run.Diagnostics);
            Assert.Equal("OHEM0008", warning.Id);
            Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
            Assert.False(warning.IsSuppressed);
            Assert.Single(run.Result.GeneratedTrees);
        }

        [Fact]
        public void The_pragma_flags_it_suppressed_where_suppressed_diagnostics_are_reported()
        {
            var compilation = GeneratorHarness.CreateCompilation(Suppressed);
            Assert.True(compilation.Options.ReportSuppressedDiagnostics);
            var run = GeneratorHarness.Run(new OhemLossGenerator(), compilation);
            var warning = Assert.Single(run.Diagnostics);
            Assert.Equal("OHEM0008", warning.Id);
            Assert.True(warning.IsSuppressed);
            Assert.Single(run.Result.GeneratedTrees);
        }

        [Fact]
        public void The_pragma_flags_it_suppressed_in_a_plain_build_too()
        {
            // The driver filters by pragma whatever the option says; the compiler then prints no suppressed diagnostic.
            var compilation = GeneratorHarness.CreateCompilation(Suppressed);
            compilation = compilation.WithOptions(compilation.Options.WithReportSuppressedDiagnostics(false));
            var run = GeneratorHarness.Run(new OhemLossGenerator(), compilation);
            var warning = Assert.Single(run.Diagnostics);
            Assert.Equal("OHEM0008", warning.Id);
            Assert.True(warning.IsSuppressed);
            Assert.Single(run.Result.GeneratedTrees);
        }

        [Fact]
        public void The_pragma_covers_only_its_own_id()
        {
            string otherId = "using Ohem;\n\n#pragma warning disable OHEM0009\n" + Loss + "\n#pragma warning restore OHEM0009\n";
            var compilation = GeneratorHarness.CreateCompilation(otherId);
            compilation = compilation.WithOptions(compilation.Options.WithReportSuppressedDiagnostics(false));
            var warning = Assert.Single(GeneratorHarness.Run(new OhemLossGenerator(), compilation).Diagnostics);
            Assert.Equal("OHEM0008", warning.Id);
            Assert.False(warning.IsSuppressed);
        }
    }
}
