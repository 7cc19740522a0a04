using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Starling.Server.Infrastructure.MediaProcessing;

/// <summary>
/// Decodes HEIC and AVIF pictures to PNG with libheif's <c>heif-convert</c>, which applies the file's own rotation
/// and mirroring. It runs as a process of its own, as ffmpeg does, so that a native decoder crashing or hanging on a
/// hostile file takes nothing of the server with it: within a time limit, killed at once when the work is cancelled,
/// and with its error output kept for the log alone.
/// </summary>
internal sealed class HeifConverter(string folder, ILogger logger)
{
    public const string ProgramName = "heif-convert";

    /// <summary>What is kept of the program's error output for the log; a hostile file could make it endless.</summary>
    private const int MaxErrorOutput = 16 * 1024;

    private int _missingReported;

    /// <summary>
    /// A time limit to stop a decoder that is stuck, not one that is slow: a minute, and a second for every two million
    /// pixels (libde265 decodes tens of millions a second on one core).
    /// </summary>
    public static TimeSpan Timeout(long pixels) => TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(pixels / 2_000_000.0);

    /// <summary>
    /// Writes the picture at <paramref name="index"/> of the <paramref name="count"/> that libheif writes out (one but
    /// for files holding several) as <paramref name="pngPath"/>, and nothing else. False when <c>heif-convert</c> is
    /// not installed (the reason is logged once). Throws <see cref="MediaRejectedException"/> for a file it cannot
    /// decode or that takes longer than <paramref name="timeout"/>, <see cref="OperationCanceledException"/> when
    /// cancelled, and <see cref="IOException"/> when the disk is full.
    /// </summary>
    public async Task<bool> ConvertAsync(string inputPath, string pngPath, int index, int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var program = ProgramName;
        if (!string.IsNullOrEmpty(folder))
        {
            program = Path.Combine(folder, ProgramName + (OperatingSystem.IsWindows() ? ".exe" : ""));
            if (!File.Exists(program))
            {
                ReportMissing($"{ProgramName} is not in {folder}, the folder Starling:Media:HeifFolder names");
                return false;
            }
        }
        var directory = Path.GetDirectoryName(Path.GetFullPath(pngPath))!;
        // Several pictures are written as name-1.png, name-2.png...: a name of its own keeps them apart from the rest.
        var stem = "heif-" + Guid.NewGuid().ToString("N");
        var output = Path.Combine(directory, stem + ".png");
        var written = count == 1 ? output : Path.Combine(directory, $"{stem}-{index + 1}.png");
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (var argument in new[] { "--quiet", "--", inputPath, output })
        {
            start.ArgumentList.Add(argument);
        }
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{ProgramName} did not start.");
        }
        catch (Win32Exception exception)
        {
            ReportMissing($"{ProgramName} could not be started ({exception.Message}); install libheif's examples (Debian's libheif-examples)");
            return false;
        }
        using (process)
        {
            try
            {
                var (exitCode, errors) = await WaitAsync(process, timeout, cancellationToken);
                if (exitCode != 0 || !File.Exists(written))
                {
                    logger.LogDebug("{Program} could not decode {Path}: exit code {ExitCode}: {Errors}", ProgramName, inputPath, exitCode, errors);
                    if (errors.Contains("No space left on device", StringComparison.Ordinal))
                    {
                        throw new IOException("The disk is full: no space left for media processing.");
                    }
                    throw new MediaRejectedException("The image is damaged or incomplete");
                }
                File.Move(written, pngPath, overwrite: true);
                return true;
            }
            finally
            {
                foreach (var left in Directory.EnumerateFiles(directory, stem + "*"))
                {
                    File.Delete(left);
                }
            }
        }
    }

    /// <summary>Waits for the process and reads what it says; kills it (with anything it started) when cancelled or past the limit.</summary>
    private async Task<(int ExitCode, string Errors)> WaitAsync(Process process, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var errors = ReadBoundedAsync(process.StandardError);
        var output = ReadBoundedAsync(process.StandardOutput);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            await Task.WhenAll(errors, output);
            cancellationToken.ThrowIfCancellationRequested();
            logger.LogDebug("{Program} ran past {Timeout} and was stopped", ProgramName, timeout);
            throw new MediaRejectedException("The image took too long to decode");
        }
        return (process.ExitCode, await errors + await output);
    }

    /// <summary>Reads a stream to its end, keeping at most <see cref="MaxErrorOutput"/> characters of it.</summary>
    private static async Task<string> ReadBoundedAsync(StreamReader reader)
    {
        var kept = new StringBuilder();
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            kept.Append(buffer, 0, Math.Min(read, MaxErrorOutput - kept.Length));
        }
        return kept.ToString();
    }

    private void ReportMissing(string reason)
    {
        if (Interlocked.Exchange(ref _missingReported, 1) == 0)
        {
            logger.LogWarning("HEIC and AVIF images are refused: {Reason}", reason);
        }
    }
}
