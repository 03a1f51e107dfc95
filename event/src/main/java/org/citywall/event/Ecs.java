package org.citywall.event;

/**
 * Elastic Common Schema field names used across CityWall, plus the few {@code citywall.*} fields
 * that ECS has no place for. Events are stored flat, keyed by these dotted names.
 */
public final class Ecs {
    private Ecs() {}

    public static final String TIMESTAMP = "@timestamp";
    public static final String MESSAGE = "message";
    public static final String TAGS = "tags";

    public static final String EVENT_ID = "event.id";
    public static final String EVENT_ORIGINAL = "event.original";
    public static final String EVENT_CREATED = "event.created";
    public static final String EVENT_INGESTED = "event.ingested";
    public static final String EVENT_KIND = "event.kind";
    public static final String EVENT_CATEGORY = "event.category";
    public static final String EVENT_TYPE = "event.type";
    public static final String EVENT_ACTION = "event.action";
    public static final String EVENT_OUTCOME = "event.outcome";
    public static final String EVENT_DATASET = "event.dataset";
    public static final String EVENT_MODULE = "event.module";
    public static final String EVENT_PROVIDER = "event.provider";
    public static final String EVENT_SEVERITY = "event.severity";

    public static final String ERROR_TYPE = "error.type";
    public static final String ERROR_MESSAGE = "error.message";

    public static final String HOST_NAME = "host.name";
    public static final String HOST_HOSTNAME = "host.hostname";
    public static final String SOURCE_IP = "source.ip";
    public static final String SOURCE_PORT = "source.port";
    public static final String DESTINATION_IP = "destination.ip";
    public static final String DESTINATION_PORT = "destination.port";
    public static final String USER_NAME = "user.name";
    public static final String PROCESS_NAME = "process.name";
    public static final String PROCESS_PID = "process.pid";
    public static final String PROCESS_COMMAND_LINE = "process.command_line";

    public static final String LOG_SYSLOG_FACILITY_CODE = "log.syslog.facility.code";
    public static final String LOG_SYSLOG_SEVERITY_CODE = "log.syslog.severity.code";
    public static final String LOG_SYSLOG_PRIORITY = "log.syslog.priority";
    public static final String LOG_SYSLOG_APPNAME = "log.syslog.appname";
    public static final String LOG_SYSLOG_HOSTNAME = "log.syslog.hostname";
    public static final String LOG_SYSLOG_PROCID = "log.syslog.procid";
    public static final String LOG_SYSLOG_MSGID = "log.syslog.msgid";
    public static final String LOG_SYSLOG_VERSION = "log.syslog.version";

    /** The 1+N domain stamped by the input that received the raw event. */
    public static final String CITYWALL_DOMAIN = "citywall.domain";
    /** The collector input that received the raw event. */
    public static final String CITYWALL_INPUT = "citywall.input";
    /** The sender's address as the collector saw it ({@code host:port}). */
    public static final String CITYWALL_PEER = "citywall.peer";
}
