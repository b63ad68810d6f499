using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Ohem.TestUtilities
{
    /// <summary>One run of a generator: the driver (to run again incrementally), its result and the updated compilation.</summary>
    public sealed record GeneratorRun(GeneratorDriver Driver, GeneratorDriverRunResult Result, Compilation Output, ImmutableArray<Diagnostic> Diagnostics);

    /// <summary>Builds test compilations against .NET 10 reference assemblies plus Ohem's, and runs a generator on them.</summary>
    public static class GeneratorHarness
    {
        /// <summary>Latest C# for the test's own sources (their missing doc comments are not the generator's business).</summary>
        public static readonly CSharpParseOptions ParseOptions = new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Parse);

        /// <summary>Latest C# for generated sources, doc comments checked (a malformed or missing one is a warning).</summary>
        public static readonly CSharpParseOptions GeneratedParseOptions = ParseOptions.WithDocumentationMode(DocumentationMode.Diagnose);

        /// <summary>
        /// A library with nullable on, every warning wave, and warnings suppressed by <c>#pragma</c> still reported
        /// (flagged suppressed) so a test can see what generated code hides.
        /// </summary>
        public static readonly CSharpCompilationOptions CompilationOptions = new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                warningLevel: 9999,
                deterministic: true)
            .WithReportSuppressedDiagnostics(true);

        /// <summary>.NET 10 reference assemblies, Ohem.Attributes and Ohem.Runtime.</summary>
        public static IReadOnlyList<MetadataReference> References { get; } = Net100.References.All
            .Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(OhemLossAttribute).Assembly.Location))
            .Append(MetadataReference.CreateFromFile(typeof(OhemLossEngine).Assembly.Location))
            .ToArray();

        /// <summary>A compilation of one or more sources, named Source.cs, Source1.cs, Source2.cs, ...</summary>
        public static CSharpCompilation CreateCompilation(params string[] sources) =>
            CreateCompilation(sources.Select((text, i) => new KeyValuePair<string, string>(i == 0 ? "Source.cs" : "Source" + i.ToString(CultureInfo.InvariantCulture) + ".cs", text)));

        /// <summary>A compilation of named sources (path, text).</summary>
        public static CSharpCompilation CreateCompilation(IEnumerable<KeyValuePair<string, string>> files) => CSharpCompilation.Create(
            "Ohem.GeneratorTestInput",
            files.Select(f => CSharpSyntaxTree.ParseText(f.Value, ParseOptions, f.Key)),
            References,
            CompilationOptions);

        /// <summary>A driver that records every incremental step, for the caching tests.</summary>
        public static GeneratorDriver CreateDriver(IIncrementalGenerator generator) => CSharpGeneratorDriver.Create(
            new[] { generator.AsSourceGenerator() },
            parseOptions: GeneratedParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

        /// <summary>Runs a fresh driver of the generator over a compilation.</summary>
        public static GeneratorRun Run(IIncrementalGenerator generator, Compilation compilation) => Run(CreateDriver(generator), compilation);

        /// <summary>Runs an existing driver again (its cached state decides what is recomputed).</summary>
        public static GeneratorRun Run(GeneratorDriver driver, Compilation compilation)
        {
            driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
            return new GeneratorRun(driver, driver.GetRunResult(), output, diagnostics);
        }
    }
}
