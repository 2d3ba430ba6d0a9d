import { registry } from "@web/core/registry";

// The admin's first minutes: connect a store with the guided setup, test the
// connection from the channel, then the dashboard and a failed row to requeue.
registry.category("web_tour.tours").add("storefront_setup_tour", {
    steps: () => [
        {
            content: "The wizard asks for the store and its credentials",
            trigger: ".modal .o_field_widget[name=name] input",
            run: "edit Tour web store",
        },
        {
            trigger: ".modal .o_field_widget[name=xcart_token] input",
            run: "edit rw-token",
        },
        {
            content: "Test the credentials before connecting",
            trigger: ".modal button.o_storefront_wizard_test",
            run: "click",
        },
        {
            trigger: ".modal .alert-success:contains(Connected)",
        },
        {
            content: "Connect: the channel opens with what to give the store",
            trigger: ".modal button.o_storefront_wizard_connect",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_storefront_webhook_instructions:contains(webhook-signature)",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=webhook_url]:contains(/storefront/webhook/)",
        },
        {
            content: "Test the connection from the channel",
            trigger: ".o_form_view button.o_storefront_test_connection",
            run: "click",
        },
        {
            trigger: ".o_notification:contains(Connected)",
        },
    ],
});

registry.category("web_tour.tours").add("storefront_dashboard_tour", {
    steps: () => [
        {
            content: "The Overview shows one card per channel",
            trigger: ".o_storefront_dashboard .o_kanban_record:contains(Tour dashboard store)",
        },
        {
            trigger: ".o_kanban_record:contains(Tour dashboard store) canvas",
        },
        {
            content: "Open the failed rows from the card",
            trigger: ".o_kanban_record:contains(Tour dashboard store) button.o_storefront_problems",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row:contains(order.created) td.o_data_cell[name=event_type]",
            run: "click",
        },
        {
            content: "Requeue the failed row once its cause is fixed",
            trigger: ".o_form_view button[name=action_requeue]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Pending)",
        },
    ],
});
