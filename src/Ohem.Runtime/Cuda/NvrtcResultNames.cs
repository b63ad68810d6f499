namespace Ohem.Cuda
{
    /// <summary>The nvrtcResult names (NVRTC reports only names) and what each means for Ohem.</summary>
    internal static class NvrtcResultNames
    {
        private static readonly string[] Names =
        {
            "NVRTC_SUCCESS",
            "NVRTC_ERROR_OUT_OF_MEMORY",
            "NVRTC_ERROR_PROGRAM_CREATION_FAILURE",
            "NVRTC_ERROR_INVALID_INPUT",
            "NVRTC_ERROR_INVALID_PROGRAM",
            "NVRTC_ERROR_INVALID_OPTION",
            "NVRTC_ERROR_COMPILATION",
            "NVRTC_ERROR_BUILTIN_OPERATION_FAILURE",
            "NVRTC_ERROR_NO_NAME_EXPRESSIONS_AFTER_COMPILATION",
            "NVRTC_ERROR_NO_LOWERED_NAMES_BEFORE_COMPILATION",
            "NVRTC_ERROR_NAME_EXPRESSION_NOT_VALID",
            "NVRTC_ERROR_INTERNAL_ERROR",
        };

        /// <summary>How many results the table knows (0 up to this, exclusive).</summary>
        public static int Count => Names.Length;

        public static string Name(int result) =>
            result >= 0 && result < Names.Length ? Names[result] : "nvrtcResult " + result.ToString(System.Globalization.CultureInfo.InvariantCulture);

        public static string Text(int result) => result switch
        {
            0 => "success",
            1 => "NVRTC ran out of host memory",
            3 => "an argument was invalid",
            5 => "an option was not recognised (is this NVRTC too old for the architecture?)",
            6 => "the source did not compile; see the program log",
            7 => "NVRTC's builtins library (libnvrtc-builtins) is missing or does not match libnvrtc",
            _ => "NVRTC gave no further detail",
        };
    }
}
