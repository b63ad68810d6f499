using System.CommandLine;

namespace Ohem.Cli
{
    internal static class BackendOption
    {
        public static Option<string> Create()
        {
            var option = new Option<string>("--backend")
            {
                Description = "auto (CUDA when a device, the driver and NVRTC are present, else the CPU), cpu or cuda.",
                DefaultValueFactory = _ => "auto",
            };
            option.AcceptOnlyFromAmong("auto", "cpu", "cuda");
            return option;
        }

        public static OhemBackend Parse(string? value) => value switch
        {
            "cpu" => OhemBackend.Cpu,
            "cuda" => OhemBackend.Cuda,
            _ => OhemBackend.Auto,
        };
    }
}
