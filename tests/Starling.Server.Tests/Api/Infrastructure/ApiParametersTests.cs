using System.Text;
using Microsoft.AspNetCore.Http;
using Starling.Server.Api.Infrastructure;

namespace Starling.Server.Tests.Api.Infrastructure;

/// <summary>The parameter reader sees the same parameters whether a client sends a query, a form, multipart or JSON.</summary>
public sealed class ApiParametersTests
{
    private static async Task<ApiParameters> ReadAsync(string contentType, string body, string query = "")
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.QueryString = new QueryString(query);
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        context.Request.ContentType = contentType;
        return await ApiParameters.ReadAsync(context);
    }

    private static Task<ApiParameters> FormAsync(string body) => ReadAsync("application/x-www-form-urlencoded", body);

    private static Task<ApiParameters> JsonAsync(string body) => ReadAsync("application/json; charset=utf-8", body);

    private static async Task<ApiParameters> MultipartAsync(params (string Name, string Value)[] fields)
    {
        using var content = new MultipartFormDataContent("boundary42");
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }
        return await ReadAsync("multipart/form-data; boundary=boundary42", await content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Arrays_read_the_same_from_brackets_repeats_json_and_multipart()
    {
        var brackets = await FormAsync("media_ids[]=1&media_ids[]=2&status=hi");
        var repeated = await FormAsync("media_ids=1&media_ids=2");
        var json = await JsonAsync("""{"media_ids": ["1", 2], "status": "hi"}""");
        var jsonBrackets = await JsonAsync("""{"media_ids[]": ["1", "2"]}""");
        var multipart = await MultipartAsync(("media_ids[]", "1"), ("media_ids[]", "2"));
        var query = await ReadAsync("application/x-www-form-urlencoded", "", "?types[]=mention&types[]=follow");

        foreach (var parameters in new[] { brackets, repeated, json, jsonBrackets, multipart })
        {
            Assert.Equal(["1", "2"], parameters.Strings("media_ids"));
        }
        Assert.Equal("hi", brackets.String("status"));
        Assert.Equal("hi", json.String("status"));
        Assert.Equal(["mention", "follow"], query.Strings("types"));
        Assert.Equal(["x"], (await FormAsync("one=x")).Strings("one"));
        Assert.Empty(brackets.Strings("missing"));
    }

    [Fact]
    public async Task A_form_list_of_objects_keeps_each_field_with_its_own_object()
    {
        // As Mastodon documents filter keywords: the second keyword has no whole_word of its own.
        var form = await FormAsync("title=t&keywords_attributes[][keyword]=foo&keywords_attributes[][whole_word]=false"
            + "&keywords_attributes[][keyword]=bar&keywords_attributes[][id]=7&keywords_attributes[][_destroy]=1");

        var keywords = form.Sections("keywords_attributes");

        Assert.Equal([("foo", "false", null), ("bar", null, "7")], keywords.Select(k => (k.String("keyword"), k.String("whole_word"), k.String("id"))));
        Assert.Equal("1", keywords[1].String("_destroy"));
        Assert.Equal("t", form.String("title"));
    }

    [Fact]
    public async Task Nested_keys_build_sections_as_json_objects_do()
    {
        var form = await FormAsync("status=Q&poll[options][]=Yes&poll[options][]=No&poll[expires_in]=300&poll[multiple]=true");
        var json = await JsonAsync("""{"status": "Q", "poll": {"options": ["Yes", "No"], "expires_in": 300, "multiple": true}}""");
        var multipart = await MultipartAsync(("poll[options][]", "Yes"), ("poll[options][]", "No"), ("poll[expires_in]", "300"), ("poll[multiple]", "1"));

        foreach (var parameters in new[] { form, json, multipart })
        {
            var poll = parameters.Section("poll")!;
            Assert.Equal(["Yes", "No"], poll.Strings("options"));
            Assert.Equal(300, poll.Int("expires_in"));
            Assert.True(poll.Bool("multiple"));
        }
        Assert.Null(form.Section("nothing"));
    }

    [Fact]
    public async Task Indexed_objects_read_as_lists_in_index_order()
    {
        var form = await FormAsync("fields_attributes[1][name]=B&fields_attributes[1][value]=2&fields_attributes[0][name]=A&fields_attributes[0][value]=1");
        var json = await JsonAsync("""{"fields_attributes": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}]}""");
        var jsonIndexed = await JsonAsync("""{"fields_attributes": {"0": {"name": "A", "value": "1"}, "1": {"name": "B", "value": "2"}}}""");

        foreach (var parameters in new[] { form, json, jsonIndexed })
        {
            var fields = parameters.Sections("fields_attributes");
            Assert.Equal([("A", "1"), ("B", "2")], fields.Select(f => (f.String("name"), f.String("value"))));
        }
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("TRUE", true)]
    [InlineData("1", true)]
    [InlineData("on", true)]
    [InlineData("yes", true)]
    [InlineData("false", false)]
    [InlineData("False", false)]
    [InlineData("0", false)]
    [InlineData("off", false)]
    [InlineData("f", false)]
    [InlineData("no", false)]
    public async Task Booleans_are_read_loosely_as_clients_send_them(string text, bool expected)
    {
        var parameters = await FormAsync("sensitive=" + text);

        Assert.Equal(expected, parameters.Bool("sensitive"));
    }

    [Fact]
    public async Task Json_booleans_and_empty_values_read_as_expected()
    {
        var json = await JsonAsync("""{"sensitive": true, "locked": false, "note": null}""");
        var empty = await FormAsync("sensitive=&limit=");

        Assert.True(json.Bool("sensitive"));
        Assert.False(json.Bool("locked"));
        Assert.False(json.Has("note"));
        Assert.Null(empty.Bool("sensitive"));
        Assert.Null(empty.Int("limit"));
        Assert.True(empty.Bool("sensitive", fallback: true));
    }

    [Fact]
    public async Task The_body_wins_over_the_query_string()
    {
        var parameters = await ReadAsync("application/x-www-form-urlencoded", "status=body", "?status=query&visibility=unlisted");

        Assert.Equal("body", parameters.String("status"));
        Assert.Equal("unlisted", parameters.String("visibility"));
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1, 2]")]
    [InlineData("\"text\"")]
    public async Task Malformed_json_is_a_400_not_a_crash(string body)
    {
        var error = await Assert.ThrowsAsync<ApiException>(() => JsonAsync(body));

        Assert.Equal(400, error.StatusCode);
    }

    [Fact]
    public async Task Numbers_and_ids_that_do_not_parse_are_422()
    {
        var parameters = await FormAsync("limit=lots&max_id=abc&min_id=123");

        Assert.Equal(422, Assert.Throws<ApiException>(() => parameters.Int("limit")).StatusCode);
        Assert.Equal(422, Assert.Throws<ApiException>(() => parameters.Id("max_id")).StatusCode);
        Assert.Equal(123, parameters.Id("min_id"));
    }

    [Fact]
    public async Task Paging_parameters_are_read_and_the_limit_is_capped()
    {
        var parameters = await FormAsync("max_id=100&since_id=5&limit=500");
        var small = await FormAsync("limit=0");

        var page = parameters.Page(defaultLimit: 20, maxLimit: 40);

        Assert.Equal((100L, 5L, (long?)null, 40), (page.MaxId!.Value, page.SinceId!.Value, page.MinId, page.Limit));
        Assert.Equal(1, small.Page().Limit);
        Assert.Equal(20, ApiParameters.Empty.Page().Limit);
    }

    [Fact]
    public async Task Uploaded_files_are_available_beside_the_fields()
    {
        using var content = new MultipartFormDataContent("b0undary");
        content.Add(new StringContent("A cat"), "description");
        content.Add(new ByteArrayContent([1, 2, 3]), "file", "cat.png");
        var parameters = await ReadAsync("multipart/form-data; boundary=b0undary", await content.ReadAsStringAsync());

        Assert.Equal("A cat", parameters.String("description"));
        Assert.Equal(("cat.png", 3L), (parameters.File("file")!.FileName, parameters.File("file")!.Length));
    }
}
