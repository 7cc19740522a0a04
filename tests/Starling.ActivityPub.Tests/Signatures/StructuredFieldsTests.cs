using Starling.ActivityPub.Signatures;

namespace Starling.ActivityPub.Tests.Signatures;

public sealed class StructuredFieldsTests
{
    [Fact]
    public void A_signature_input_dictionary_is_read_into_inner_lists_with_parameters()
    {
        Assert.True(StructuredFields.TryParseDictionary(
            "sig1=(\"@method\" \"@query-param\";name=\"Pet\");created=1618884473;keyid=\"k\";alg=\"rsa-v1_5-sha256\", sig2=()",
            out var members, out var error), error);

        Assert.Equal(["sig1", "sig2"], members.Select(m => m.Key));
        var list = Assert.IsType<SfInnerList>(members[0].Value);
        Assert.Equal(["@method", "@query-param"], list.Items.Select(i => i.Value));
        Assert.Equal("Pet", list.Items[1].Parameters["name"]);
        Assert.Equal(1618884473L, list.Parameters["created"]);
        Assert.Equal("k", list.Parameters["keyid"]);
        Assert.Empty(Assert.IsType<SfInnerList>(members[1].Value).Items);
    }

    [Fact]
    public void Bare_items_of_every_type_are_read()
    {
        Assert.True(StructuredFields.TryParseDictionary("a=1, b=-2.5, c=\"q\\\"x\", d=tok/en, e=:aGk=:, f=?0, g", out var members, out var error), error);

        Assert.Equal(1L, ((SfItem)members[0].Value).Value);
        Assert.Equal(-2.5m, ((SfItem)members[1].Value).Value);
        Assert.Equal("q\"x", ((SfItem)members[2].Value).Value);
        Assert.Equal(new SfToken("tok/en"), ((SfItem)members[3].Value).Value);
        Assert.Equal("hi"u8.ToArray(), ((SfItem)members[4].Value).Value);
        Assert.Equal(false, ((SfItem)members[5].Value).Value);
        Assert.Equal(true, ((SfItem)members[6].Value).Value);
    }

    [Fact]
    public void An_inner_list_serializes_back_to_the_text_it_was_read_from()
    {
        const string text = "(\"@authority\" \"content-digest\" \"@query-param\";name=\"Pet\");created=1618884473;keyid=\"test-key-rsa-pss\";tag=\"header-example\"";
        Assert.True(StructuredFields.TryParseDictionary("sig=" + text, out var members, out _));

        Assert.Equal(text, StructuredFields.SerializeInnerList((SfInnerList)members[0].Value));
    }

    [Theory]
    [InlineData("sig1=(\"@method\"")]
    [InlineData("Sig1=()")]
    [InlineData("sig1=(), ")]
    [InlineData("sig1=\"unterminated")]
    [InlineData("sig1=:not base64!:")]
    [InlineData("sig1=(\"a\"\"b\")")]
    [InlineData("sig1=1.2345")]
    [InlineData("sig1=?2")]
    [InlineData("keyId=\"x\",signature=\"y\"")]
    public void Malformed_dictionaries_are_refused_with_a_reason(string text)
    {
        Assert.False(StructuredFields.TryParseDictionary(text, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }
}
