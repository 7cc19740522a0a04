using System.Text;

namespace Starling.Bench.Running;

/// <summary>
/// The yardstick: the same runtime and Kestrel, one endpoint, a fixed HTML page held in memory.
/// What Starling loses against it is the cost of its own work (auth, queries, rendering). It also takes POSTs at
/// <c>/inbox</c>, answered 202 without a look at them, as the inbox benchmark's yardstick.
/// </summary>
public static class BaselineServer
{
    public static async Task<int> RunAsync(int port, int pageBytes, int jsonBytes)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var page = FixedPage(pageBytes);
        var json = FixedJson(jsonBytes);
        app.MapGet("/", () => Results.Bytes(page, "text/html; charset=utf-8"));
        app.MapGet("/json", () => Results.Bytes(json, "application/json; charset=utf-8"));
        // For the inbox benchmark: read the whole body as an inbox must, check nothing, and answer 202 as Starling does.
        app.MapPost("/inbox", async (HttpRequest request) =>
        {
            var buffer = new byte[16 * 1024];
            while (await request.Body.ReadAsync(buffer, request.HttpContext.RequestAborted) > 0)
            {
            }
            return Results.StatusCode(StatusCodes.Status202Accepted);
        });
        await app.RunAsync();
        return 0;
    }

    /// <summary>A JSON array of exactly the given size in bytes, the shape of an API timeline page.</summary>
    public static byte[] FixedJson(int size)
    {
        const string head = "[{\"id\":\"1\",\"content\":\"";
        const string tail = "\"}]";
        var filler = Math.Max(0, size - head.Length - tail.Length);
        var text = new StringBuilder(size).Append(head);
        const string words = "A fixed body of the same size as the measured timeline response. ";
        for (var i = 0; i < filler; i++)
        {
            text.Append(words[i % words.Length]);
        }
        return Encoding.UTF8.GetBytes(text.Append(tail).ToString());
    }

    /// <summary>An HTML document of exactly the given size in bytes.</summary>
    public static byte[] FixedPage(int size)
    {
        const string head = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Baseline</title></head><body><main><h1>Baseline</h1><p>";
        const string tail = "</p></main></body></html>\n";
        var filler = Math.Max(0, size - head.Length - tail.Length);
        var text = new StringBuilder(size).Append(head);
        const string words = "A fixed page of the same size as the measured timeline page. ";
        for (var i = 0; i < filler; i++)
        {
            text.Append(words[i % words.Length]);
        }
        return Encoding.UTF8.GetBytes(text.Append(tail).ToString());
    }
}
