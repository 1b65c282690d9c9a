package io.flows.engine.api;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import jakarta.inject.Singleton;

/**
 * Answers a HEAD request that the HTTP decoder refused as it answers a GET: the framework leaves a HEAD request out
 * of error processing, so header fields over the limit got the decoder's bare 413 where {@link ProblemHandler} says
 * 431. The refused request is handed on as a GET; it reaches no route (a refused request never does), and the codec,
 * which remembers the method it decoded, still sends the answer without a body, as HTTP asks of a HEAD answer.
 */
@Singleton
class RefusedHeadRequests implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {

    private static final String NAME = "flows-refused-head-as-get";
    private static final ChannelHandler AS_GET = new AsGet();

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        event.getBean().register(new OnConnection(null));
        return event.getBean();
    }

    private record OnConnection(Channel channel) implements NettyServerCustomizer {

        @Override
        public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
            return new OnConnection(channel);
        }

        @Override
        public void onStreamPipelineBuilt() {
            ChannelPipeline pipeline = channel.pipeline();
            if (pipeline.get(ChannelPipelineCustomizer.HANDLER_MICRONAUT_INBOUND) != null && pipeline.get(NAME) == null) {
                pipeline.addBefore(ChannelPipelineCustomizer.HANDLER_MICRONAUT_INBOUND, NAME, AS_GET);
            }
        }
    }

    @ChannelHandler.Sharable
    private static final class AsGet extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest r && HttpMethod.HEAD.equals(r.method()) && r.decoderResult().isFailure()) {
                r.setMethod(HttpMethod.GET);
            }
            ctx.fireChannelRead(msg);
        }
    }
}
