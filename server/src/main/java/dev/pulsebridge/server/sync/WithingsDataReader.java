package dev.pulsebridge.server.sync;

import dev.pulsebridge.server.withings.WithingsNotificationCategory.DataKind;
import java.util.function.Consumer;

/** How one kind of Withings data is read for a window: the calls, each followed through every page. */
interface WithingsDataReader {

    DataKind kind();

    /** Reads the window, handing on each page as it arrives. */
    void read(long accountId, FetchWindow window, Consumer<FetchedPage> sink);
}
