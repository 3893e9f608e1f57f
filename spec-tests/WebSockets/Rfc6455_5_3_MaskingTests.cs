using Tremolo.Server.WebSockets;

namespace Tremolo.SpecTests.WebSockets;

public class Rfc6455_5_3_MaskingTests
{
    [Fact]
    public void Rfc6455_5_3_EveryLengthAndOffsetMatchesTheByteRule()
    {
        var random = new Random(6455);
        byte[] key = [0x37, 0xFA, 0x21, 0x3D];
        var keyValue = BitConverter.ToUInt32(key);
        for (var length = 0; length <= 200; length++)
        {
            var source = new byte[length];
            random.NextBytes(source);
            for (var offset = 0; offset < 4; offset++)
            {
                var expected = source.Select((b, i) => (byte)(b ^ key[(i + offset) % 4])).ToArray();
                var actual = new byte[length];
                WebSocketMask.Apply(source, actual, keyValue, offset);
                Assert.Equal(expected, actual);
            }
        }
    }

    [Fact]
    public void Rfc6455_5_3_InPlaceUnmaskingIsItsOwnInverse()
    {
        var data = Enumerable.Range(0, 1027).Select(i => (byte)(i * 7)).ToArray();
        var original = data.ToArray();
        WebSocketMask.Apply(data, data, 0xDEADBEEF, 2);
        Assert.NotEqual(original, data);
        WebSocketMask.Apply(data, data, 0xDEADBEEF, 2);
        Assert.Equal(original, data);
    }
}
