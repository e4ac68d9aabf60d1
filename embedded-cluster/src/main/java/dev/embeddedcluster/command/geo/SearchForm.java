package dev.embeddedcluster.command.geo;

/**
 * The six search commands, which Redis runs as one (georadiusGeneric): where the source key is,
 * where the center comes from, and which options each accepts.
 */
enum SearchForm {
    GEORADIUS(1, Center.COORDINATES, true),
    GEORADIUS_RO(1, Center.COORDINATES, false),
    GEORADIUSBYMEMBER(1, Center.MEMBER, true),
    GEORADIUSBYMEMBER_RO(1, Center.MEMBER, false),
    GEOSEARCH(1, Center.OPTIONS, false),
    GEOSEARCHSTORE(2, Center.OPTIONS, false);

    /** Where the center and the shape are given: fixed positions (GEORADIUS*) or options (GEOSEARCH*). */
    enum Center { COORDINATES, MEMBER, OPTIONS }

    final int sourceIndex;
    final Center center;
    /** Whether STORE and STOREDIST key options are accepted. */
    final boolean storeOption;

    SearchForm(int sourceIndex, Center center, boolean storeOption) {
        this.sourceIndex = sourceIndex;
        this.center = center;
        this.storeOption = storeOption;
    }

    /** The index of the first optional argument. */
    int firstOption() {
        return switch (center) {
            case COORDINATES -> 6;
            case MEMBER -> 5;
            case OPTIONS -> sourceIndex + 1;
        };
    }

    boolean isGeosearch() {
        return center == Center.OPTIONS;
    }
}
