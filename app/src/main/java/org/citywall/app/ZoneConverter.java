package org.citywall.app;

import java.time.DateTimeException;
import java.time.ZoneId;
import picocli.CommandLine;

/** A {@code --zone} value: a region id or an offset, with an error that says which forms are meant. */
final class ZoneConverter implements CommandLine.ITypeConverter<ZoneId> {
    @Override
    public ZoneId convert(String value) {
        try {
            return ZoneId.of(value.trim());
        } catch (DateTimeException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a time zone (use a region such as Asia/Shanghai,"
                    + " UTC, or an offset such as +08:00)");
        }
    }
}
