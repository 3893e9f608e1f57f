using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Tremolo.SpecTests.Browser;

/// <summary>
/// The Chrome DevTools Protocol over one WebSocket to the browser: JSON commands with ids,
/// answers matched back by id; page commands travel in their target's session (flat mode).
/// Events are not needed by these tests and are ignored.
/// </summary>
public sealed class CdpConnection : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private Task _receiving = Task.CompletedTask;
    private int _nextId;

    private CdpConnection()
    {
    }

    public static async Task<CdpConnection> ConnectAsync(Uri browserUrl)
    {
        var connection = new CdpConnection();
        using var cts = new CancellationTokenSource(DefaultTimeout);
        await connection._socket.ConnectAsync(browserUrl, cts.Token);
        connection._receiving = connection.ReceiveLoopAsync();
        return connection;
    }

    /// <summary>Runs a command and returns its result; a protocol error throws with the method's name.</summary>
    public async Task<JsonElement> SendAsync(string method, object? parameters = null, string? sessionId = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        var command = new Dictionary<string, object?> { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new { } };
        if (sessionId is not null)
        {
            command["sessionId"] = sessionId;
        }

        await _sending.WaitAsync();
        try
        {
            await _socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(command), WebSocketMessageType.Text, endOfMessage: true, _stop.Token);
        }
        finally
        {
            _sending.Release();
        }

        var message = await answer.Task.WaitAsync(DefaultTimeout);
        if (message.TryGetProperty("error", out var error))
        {
            throw new InvalidOperationException($"{method}: {error}");
        }

        return message.GetProperty("result");
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try
        {
            await _receiving;
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // the browser is going away with us
        }

        _socket.Dispose();
        _stop.Dispose();
        _sending.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[65536];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                using (var document = JsonDocument.Parse(message.ToArray()))
                {
                    if (document.RootElement.TryGetProperty("id", out var id) && _pending.TryRemove(id.GetInt32(), out var answer))
                    {
                        answer.TrySetResult(document.RootElement.Clone());
                    }
                }

                message.SetLength(0);
            }
        }
        finally
        {
            foreach (var answer in _pending.Values)
            {
                answer.TrySetException(new InvalidOperationException($"the DevTools connection ended:{Encoding.UTF8.GetString(message.ToArray())}"));
            }
        }
    }
}
