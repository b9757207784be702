package ptj.slurmrunner.slack;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.model.Message;

/**
 * Where a button or menu click happened: who clicked, in which channel, on which message and in which thread.
 * A Home-tab click has no channel; a click on a thread reply answers in the parent's thread.
 *
 * @param action the first action of the payload (the button or the chosen option)
 * @param message the clicked message, null on a view
 * @param messageTs the clicked message's ts
 * @param threadTs the thread the answer goes into (the message itself when it is no reply)
 */
record ClickPlace(BlockActionPayload.Action action, String user, String channel, Message message, String messageTs,
                  String threadTs) {

    /** Null when the payload carries no action. */
    static ClickPlace of(BlockActionPayload p) {
        if (p.getActions() == null || p.getActions().isEmpty()) return null;
        BlockActionPayload.Action a = p.getActions().get(0);
        String user = p.getUser() == null ? null : p.getUser().getId();
        String channel = p.getChannel() != null ? p.getChannel().getId()
            : p.getContainer() == null ? null : p.getContainer().getChannelId();
        Message msg = p.getMessage();
        String msgTs = p.getContainer() != null && p.getContainer().getMessageTs() != null
            ? p.getContainer().getMessageTs() : msg == null ? null : msg.getTs();
        String threadTs = msg != null && msg.getThreadTs() != null ? msg.getThreadTs() : msgTs;
        return new ClickPlace(a, user, channel, msg, msgTs, threadTs);
    }
}
