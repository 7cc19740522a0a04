using System.Diagnostics;
using System.Net;

namespace Starling.Bench.Federation;

/// <summary>
/// The remote servers of the delivery benchmark, all in this process: one Kestrel app listening on the same port of
/// many loopback addresses (127.0.x.y), so each remote account lives on a host of its own, as 500 followers on 500
/// servers do: its own connection, its own entry in the server's instance health. It answers 202 to any POST,
/// checks nothing but that the request is signed, and notes when each arrived.
/// </summary>
public sealed class DeliverySink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly long[] _arrivals;
    private int _received;
    private int _unsigned;

    private DeliverySink(WebApplication app, int capacity)
    {
        _app = app;
        _arrivals = new long[capacity];
    }

    public int Port { get; private init; }

    public int Received => Volatile.Read(ref _received);

    public int Unsigned => Volatile.Read(ref _unsigned);

    /// <summary>The loopback address of host <paramref name="index"/>: 127.0.1.1 onwards, 250 to a block.</summary>
    public static IPAddress HostAddress(int index) => IPAddress.Parse($"127.0.{1 + (index / 250)}.{1 + (index % 250)}");

    public string Origin(int index) => $"http://{HostAddress(index)}:{Port}";

    public static async Task<DeliverySink> StartAsync(int hosts, int expectedDeliveries)
    {
        var port = Running.ChildProcess.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            for (var i = 0; i < hosts; i++)
            {
                kestrel.Listen(HostAddress(i), port);
            }
        });
        var app = builder.Build();
        var sink = new DeliverySink(app, expectedDeliveries) { Port = port };
        app.MapPost("/{**path}", async (HttpRequest request) =>
        {
            var buffer = new byte[16 * 1024];
            while (await request.Body.ReadAsync(buffer, request.HttpContext.RequestAborted) > 0)
            {
            }
            sink.Record(request.Headers.ContainsKey("Signature"));
            return Results.StatusCode(StatusCodes.Status202Accepted);
        });
        await app.StartAsync();
        return sink;
    }

    private void Record(bool signed)
    {
        if (!signed)
        {
            Interlocked.Increment(ref _unsigned);
        }
        var n = Interlocked.Increment(ref _received);
        if (n <= _arrivals.Length)
        {
            _arrivals[n - 1] = Stopwatch.GetTimestamp();
        }
    }

    /// <summary>When the n-th POST (counted from 1) arrived, as a <see cref="Stopwatch"/> timestamp.</summary>
    public long ArrivalOf(int n) => _arrivals[n - 1];

    public async Task<bool> WaitForAsync(int count, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Received < count)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                return false;
            }
            await Task.Delay(5);
        }
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
