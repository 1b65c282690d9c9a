package io.flows.engine.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flows.dsl.json.JsonDepth;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

/**
 * Lets Micronaut's mapper, which writes every answer a controller returns, write documents as deep as the service
 * stores them ({@link JsonDepth#MAX_DOCUMENT}): with Jackson's default (1000) an execution whose trigger body was
 * accepted at 998 levels ran, but every read of it answered 500. Reading is left at the default: request bodies
 * are read by {@code Jsons}, with the limit for values.
 */
@Singleton
public class AnswerDepth implements BeanCreatedEventListener<ObjectMapper> {

    @Override
    public ObjectMapper onCreated(BeanCreatedEvent<ObjectMapper> event) {
        ObjectMapper mapper = event.getBean();
        mapper.getFactory().setStreamWriteConstraints(JsonDepth.documentWriting());
        return mapper;
    }
}
