using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Starling.ActivityPub.Signatures;

namespace Starling.Bench.Federation;

/// <summary>
/// The delivery benchmark's yardstick: how many RSA-2048 PKCS#1 v1.5 SHA-256 signatures this machine makes per second
/// on as many threads as the server's delivery workers, over a signing string shaped like a delivery's
/// (<c>(request-target) host date digest</c>). Signing is the one cost a delivery cannot avoid.
/// </summary>
public static class SignatureRate
{
    /// <returns>Signatures per second, and the CPU time one signature took (this process's CPU time over the count).</returns>
    public static (double PerSecond, TimeSpan CpuPerSignature) Measure(int threads, TimeSpan duration)
    {
        var pem = RsaKeyPair.Generate().PrivateKeyPem;
        var digest = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(new string('x', 1500))));
        var text = Encoding.UTF8.GetBytes(
            "(request-target): post /users/r123/inbox\nhost: 127.0.1.124:40000\n" +
            $"date: {DateTimeOffset.UtcNow:r}\ndigest: SHA-256={digest}");
        var counts = new long[threads];
        var stop = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            // One key per thread, as the server keeps one imported key per concurrent signer.
            using var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            long n = 0;
            while (Stopwatch.GetTimestamp() < stop)
            {
                rsa.SignData(text, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                n++;
            }
            counts[t] = n;
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var total = counts.Sum();
        return (total / Stopwatch.GetElapsedTime(started).TotalSeconds, cpu / Math.Max(1, total));
    }
}
