using System;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace Ohem.Cuda
{
    /// <summary>
    /// Compiled images in memory and on disk. A disk entry is a 48-byte header (magic, payload length, SHA-256 of
    /// the payload) and the payload; it is written to a unique temporary file and renamed into place, so readers
    /// never see a partial entry and concurrent writers (threads or processes) leave one complete entry. An entry
    /// that fails verification is never used: the image is rebuilt and the entry rewritten.
    /// </summary>
    public sealed class OhemKernelCache
    {
        /// <summary>The directory override.</summary>
        public const string DirectoryVariable = "OHEM_CACHE_DIR";

        private static readonly byte[] Magic = Encoding.ASCII.GetBytes("OHEMKC01");
        private const int HeaderBytes = 8 + 8 + 32;
        private static readonly Lazy<OhemKernelCache> DefaultCache = new(() => new OhemKernelCache(DefaultDirectory()));

        private readonly ConcurrentDictionary<string, OhemCompiledModule> memory = new(StringComparer.Ordinal);

        /// <summary>A cache over <paramref name="directory"/> (null: memory only).</summary>
        public OhemKernelCache(string? directory) => Directory = directory;

        /// <summary>The process-wide cache over <see cref="DefaultDirectory"/>.</summary>
        public static OhemKernelCache Default => DefaultCache.Value;

        /// <summary>Where entries are stored; null when the disk cache is off.</summary>
        public string? Directory { get; }

        /// <summary>
        /// $OHEM_CACHE_DIR when set (an empty value turns the disk cache off), else $XDG_CACHE_HOME/ohem,
        /// ~/.cache/ohem, or LocalApplicationData/ohem on Windows.
        /// </summary>
        public static string? DefaultDirectory()
        {
            string? explicitDirectory = Environment.GetEnvironmentVariable(DirectoryVariable);
            if (explicitDirectory is not null)
            {
                return explicitDirectory.Length == 0 ? null : explicitDirectory;
            }

            if (OperatingSystem.IsWindows())
            {
                return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "ohem");
            }

            string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (!string.IsNullOrEmpty(xdg))
            {
                return Path.Combine(xdg, "ohem");
            }

            string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".cache", "ohem");
        }

        /// <summary>The file of an entry.</summary>
        public string? PathOf(string key) => Directory is null ? null : Path.Combine(Directory, key + ".ohemkc");

        internal bool TryGetMemory(string key, out OhemCompiledModule module) => memory.TryGetValue(key, out module!);

        internal OhemCompiledModule AddMemory(string key, OhemCompiledModule module) => memory.GetOrAdd(key, module);

        /// <summary>The verified payload of an entry, or null when absent, unreadable or corrupt.</summary>
        public byte[]? TryRead(string key)
        {
            string? path = PathOf(key);
            if (path is null)
            {
                return null;
            }

            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (IOException)
            {
                return null;
            }
            catch (UnauthorizedAccessException)
            {
                return null;
            }

            if (bytes.Length < HeaderBytes || !bytes.AsSpan(0, 8).SequenceEqual(Magic))
            {
                return null;
            }

            long length = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(8, 8));
            if (length != bytes.Length - HeaderBytes)
            {
                return null;
            }

            byte[] payload = bytes.AsSpan(HeaderBytes).ToArray();
            return SHA256.HashData(payload).AsSpan().SequenceEqual(bytes.AsSpan(16, 32)) ? payload : null;
        }

        /// <summary>Writes an entry atomically (temporary file, then rename). Failures leave the cache as it was.</summary>
        public bool TryWrite(string key, ReadOnlySpan<byte> payload)
        {
            string? path = PathOf(key);
            if (path is null)
            {
                return false;
            }

            string temporary = path + "." + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "." + Guid.NewGuid().ToString("N") + ".tmp";
            try
            {
                System.IO.Directory.CreateDirectory(Directory!);
                var header = new byte[HeaderBytes];
                Magic.CopyTo(header, 0);
                BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(8, 8), payload.Length);
                SHA256.HashData(payload, header.AsSpan(16, 32));
                using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    stream.Write(header);
                    stream.Write(payload);
                    stream.Flush(flushToDisk: true);
                }

                File.Move(temporary, path, overwrite: true);
                return true;
            }
            catch (IOException)
            {
                TryDelete(temporary);
                return false;
            }
            catch (UnauthorizedAccessException)
            {
                TryDelete(temporary);
                return false;
            }
        }

        private static void TryDelete(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
