package dev.pulsebridge.server.sync;

import dev.pulsebridge.server.withings.WithingsNotificationCategory.DataKind;
import java.util.List;

/** How one kind of Withings data is read for a window: the calls, each followed through every page. */
interface WithingsDataReader {

    DataKind kind();

    List<FetchedPage> read(long accountId, FetchWindow window);
}
