using System.Diagnostics;
using System.Net;

namespace Starling.Bench.Federation;

/// <summary>
/// The remote servers of the delivery benchmark, all in this process: one Kestrel app listening on the same port of
/// many loopback addresses (127.0.x.y), so each remote account lives on a host of its own, as 500 followers on 500
/// servers do: its own connection, its own entry in the server's instance health. It answers 202 to any POST,
/// checks nothing but that the request is signed, and notes when each arrived. POSTs under <see cref="YardstickPath"/>
/// come from the benchmark's own signer (<see cref="BareSignedPosts"/>) and are counted apart from the server's.
/// </summary>
public sealed class DeliverySink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly long[] _arrivals;
    private int _received;
    private int _unsigned;
    private int _yardstickReceived;
    private int _firstBodyBytes = -1;

    private DeliverySink(WebApplication app, int capacity)
    {
        _app = app;
        _arrivals = new long[capacity];
    }

    public int Port { get; private init; }

    public int Received => Volatile.Read(ref _received);

    public int Unsigned => Volatile.Read(ref _unsigned);

    /// <summary>The path prefix that marks the bare yardstick's POSTs, which <see cref="Received"/> does not count.</summary>
    public const string YardstickPath = "/yardstick";

    /// <summary>POSTs received under <see cref="YardstickPath"/>.</summary>
    public int YardstickReceived => Volatile.Read(ref _yardstickReceived);

    /// <summary>The body length of the server's first POST, or null before it came.</summary>
    public int? FirstBodyBytes => Volatile.Read(ref _firstBodyBytes) is var bytes and >= 0 ? bytes : null;

    /// <summary>The same inbox, marked as the yardstick's: <c>http://host:port/yardstick/users/r1/inbox</c>.</summary>
    public static string YardstickUrl(string inboxUrl)
    {
        var inbox = new Uri(inboxUrl);
        return $"{inbox.GetLeftPart(UriPartial.Authority)}{YardstickPath}{inbox.PathAndQuery}";
    }

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
            var bytes = 0;
            int read;
            while ((read = await request.Body.ReadAsync(buffer, request.HttpContext.RequestAborted)) > 0)
            {
                bytes += read;
            }
            if (request.Path.StartsWithSegments(YardstickPath))
            {
                Interlocked.Increment(ref sink._yardstickReceived);
            }
            else
            {
                sink.Record(request.Headers.ContainsKey("Signature"), bytes);
            }
            return Results.StatusCode(StatusCodes.Status202Accepted);
        });
        await app.StartAsync();
        return sink;
    }

    private void Record(bool signed, int bodyBytes)
    {
        if (Volatile.Read(ref _firstBodyBytes) < 0)
        {
            Interlocked.CompareExchange(ref _firstBodyBytes, bodyBytes, -1);
        }
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
