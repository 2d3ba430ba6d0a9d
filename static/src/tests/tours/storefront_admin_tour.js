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
            content: "A new channel lists what its first order needs",
            trigger: ".o_form_view .o_storefront_checklist:contains(Before the first order):contains(Connection tested)",
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

// The checklist before the first order: readable on a new channel (one line per
// item, its icon empty), gone from a channel that has imported an order.
registry.category("web_tour.tours").add("storefront_checklist_tour", {
    steps: () => [
        {
            content: "Open the channel that has no order yet",
            trigger: ".o_list_view .o_data_row td[name=name]:contains(Tour new store)",
            run: "click",
        },
        {
            trigger: ".o_breadcrumb .active:contains(Tour new store)",
        },
        {
            content: "Each item is a line: an empty icon, then its label",
            trigger: ".o_storefront_checklist li:first-child:contains(Store URL) > i.fa-times:empty:only-child",
        },
        {
            trigger: ".o_storefront_checklist li:last-child:contains(Webhook secret) > i.fa-check:empty:only-child",
        },
        {
            content: "Back to the channels",
            trigger: ".o_breadcrumb a:contains(Channels)",
            run: "click",
        },
        {
            content: "Open the channel that has imported an order",
            trigger: ".o_list_view .o_data_row td[name=name]:contains(Tour busy store)",
            run: "click",
        },
        {
            trigger: ".o_breadcrumb .active:contains(Tour busy store)",
        },
        {
            content: "Its form has no checklist any more",
            trigger: ".o_form_sheet:has(.o_field_widget[name=platform]):not(:has(.o_storefront_checklist))",
        },
    ],
});
