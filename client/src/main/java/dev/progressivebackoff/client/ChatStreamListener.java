package dev.progressivebackoff.client;

/**
 * Hears a streamed chat completion ({@link TeacherClient#chatStream(ChatRequest, ChatStreamListener)}) on the
 * calling thread: each delta as it arrives, then either the completion or the failure.
 */
public interface ChatStreamListener {

    /** A piece of text arrived. */
    void onDelta(ChatDelta delta);

    /**
     * The stream ended: the whole text of the first choice, its finish reason, the usage (when the server sent
     * it), the model, and the requests and waits it took.
     */
    default void onComplete(ChatResponse response) {}

    /**
     * The call failed: before the stream started (the exceptions of {@link TeacherClient#chat(ChatRequest)}), or
     * after, as a {@link ChatStreamException} carrying the text received. The same exception is thrown next.
     */
    default void onError(RuntimeException failure) {}
}
