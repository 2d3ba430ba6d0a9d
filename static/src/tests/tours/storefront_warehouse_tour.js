import { registry } from "@web/core/registry";

// A warehouse user validates a delivery of a storefront order and sees that the
// shipment is queued for the store.
registry.category("web_tour.tours").add("storefront_warehouse_tour", {
    steps: () => [
        {
            content: "The delivery of a storefront order",
            trigger: ".o_form_view .o_breadcrumb:contains(WH/OUT)",
        },
        {
            content: "Validate it",
            trigger: ".o_form_view button[name=button_validate]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Done)",
        },
        {
            content: "The shipment waits to be sent to the store",
            trigger: ".o_form_view .o_field_widget[name=storefront_sync_state]:contains(Pending)",
        },
    ],
});
