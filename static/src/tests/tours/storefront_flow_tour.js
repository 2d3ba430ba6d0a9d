import { registry } from "@web/core/registry";

// The admin starts a rule from a template and sets its amount.
registry.category("web_tour.tours").add("storefront_flow_build_tour", {
    steps: () => [
        {
            content: "The channel's flow rules",
            trigger: ".o_form_view .o_notebook a[name=flow_rules]",
            run: "click",
        },
        {
            content: "Start from a template",
            trigger: ".o_form_view button:contains(Approval above an amount)",
            run: "click",
        },
        {
            content: "The rule opens, ready to adjust",
            trigger: ".o_form_view:has(.o_field_widget[name=amount_min]) .o_field_widget[name=name] input",
            run: "edit Big orders",
        },
        {
            content: "Orders from 100 on need an approval",
            trigger: ".o_form_view .o_field_widget[name=amount_min] input",
            run: "edit 100",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=action_ids] .o_data_row:contains(Require approval)",
        },
        {
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_saved",
        },
    ],
});

// The admin tests the rules on a received order: nothing is written.
registry.category("web_tour.tours").add("storefront_flow_test_row_tour", {
    steps: () => [
        {
            content: "Test the channel's rules on this row",
            trigger: ".o_form_view button[name=action_test_rules]",
            run: "click",
        },
        {
            trigger: ".modal .o_flow_simulation:contains(nothing was written)",
        },
        {
            content: "The approval rule matches the order",
            trigger: ".modal .o_flow_rule_result.text-success:contains(Big orders)",
        },
        {
            content: "The Austrian route does not, and says why",
            trigger: ".modal .o_flow_rule_result:contains(Shipping country US is not one of AT)",
        },
        {
            trigger: ".modal button:contains(Close)",
            run: "click",
        },
    ],
});

// The admin reorders the rules in the Flow diagram and switches one off.
registry.category("web_tour.tours").add("storefront_flow_diagram_tour", {
    steps: () => [
        {
            content: "The pipeline is drawn",
            trigger: ".o_storefront_flow .o_flow_node_webhook:contains(Webhook)",
        },
        {
            trigger: ".o_flow_node_import:contains(today)",
        },
        {
            trigger: ".o_flow_rule[data-position='0'][data-name='Austria from Vienna']",
        },
        {
            content: "Drag Big orders above the Austrian route",
            trigger: ".o_flow_rule[data-name='Big orders'] rect",
            run: "drag_and_drop .o_flow_rule[data-name='Austria from Vienna'] rect",
        },
        {
            trigger: ".o_flow_rule[data-position='0'][data-name='Big orders']",
        },
        {
            content: "Switch the Austrian route off",
            trigger: ".o_flow_rule[data-name='Austria from Vienna'] .o_flow_toggle",
            run: "click",
        },
        {
            trigger: ".o_flow_rule.o_flow_rule_off[data-name='Austria from Vienna']",
        },
    ],
});

// A salesperson opens a held order, reads why, and releases it.
registry.category("web_tour.tours").add("storefront_flow_release_tour", {
    steps: () => [
        {
            content: "Why the order waits",
            trigger: ".o_form_view .o_storefront_hold_reason:contains(Hazmat goods: check the carrier first.)",
        },
        {
            trigger: ".o_form_view button[name=action_storefront_release]",
            run: "click",
        },
        {
            trigger: ".modal-footer button.btn-primary",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Sales Order)",
        },
    ],
});
