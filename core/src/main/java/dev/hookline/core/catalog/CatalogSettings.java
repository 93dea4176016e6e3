package dev.hookline.core.catalog;

/**
 * How strictly a tenant's publishing follows its catalog.
 *
 * @param refuseUnregistered {@code POST /v1/events} with a type the catalog does not list is refused (422)
 * @param validateData       the data of an event whose registered type has a schema is checked against it (422)
 */
public record CatalogSettings(boolean refuseUnregistered, boolean validateData) {
    /** Until a tenant says otherwise: any type may be published, and nothing is checked. */
    public static final CatalogSettings DEFAULT = new CatalogSettings(false, false);

    public String unregisteredTypes() {
        return refuseUnregistered ? "refuse" : "allow";
    }
}
