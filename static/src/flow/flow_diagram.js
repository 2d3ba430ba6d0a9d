import { Component, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

// Geometry of the drawing, in SVG units (drawn 1:1, so pointer moves are SVG moves).
const NODE_W = 132;
const NODE_H = 66;
const RULE_W = 210;
const RULE_H = 78;
const RULE_GAP = 16;
const COL_GAP = 34;
const TOP = 56;

/**
 * The channel's flow, drawn: sources -> verify -> map -> risk -> the rules in
 * their order -> import -> confirm, invoice, pay -> the pushes out. Each node
 * shows its live counts and opens its configuration or its rows; rules are
 * dragged to a new place (the sequence is written) and switched on or off.
 */
export class StorefrontFlowDiagram extends Component {
    static template = "storefront_connector.FlowDiagram";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ graph: null, drag: null });
        const params = this.props.action?.params || {};
        const context = this.props.action?.context || {};
        this.channelId = params.channel_id || context.active_id;
        onWillStart(() => this.load());
    }

    async load() {
        if (!this.channelId) {
            const [channel] = await this.orm.search("storefront.channel", [], {
                limit: 1,
                order: "id desc",
            });
            this.channelId = channel;
        }
        if (this.channelId) {
            this.state.graph = await this.orm.call("storefront.channel", "flow_graph", [
                [this.channelId],
            ]);
        }
    }

    // ------------------------------------------------------------------
    // Layout
    // ------------------------------------------------------------------

    get layout() {
        const graph = this.state.graph;
        const columns = [];
        let x = 20;
        const column = (items, width, height, kind) => {
            const nodes = items.map((item, index) => ({
                ...item,
                kind,
                x,
                y: TOP + index * (height + RULE_GAP),
                w: width,
                h: height,
            }));
            columns.push(nodes);
            x += width + COL_GAP;
            return nodes;
        };
        const sources = column(graph.sources, NODE_W, NODE_H, "node");
        const steps = graph.steps.map((step) => column([step], NODE_W, NODE_H, "node")[0]);
        const rules = column(graph.rules, RULE_W, RULE_H, "rule");
        const laneX = rules.length ? rules[0].x : x - RULE_W - COL_GAP;
        const imported = column([graph.import], NODE_W, NODE_H, "node")[0];
        const finish = column(graph.finish, NODE_W, NODE_H, "node");
        const pushes = column(graph.pushes, NODE_W, NODE_H, "node");
        const laneH = Math.max(rules.length, 1) * (RULE_H + RULE_GAP) - RULE_GAP;
        const height = Math.max(TOP + laneH, ...columns.flat().map((n) => n.y + n.h)) + 40;
        const lane = { x: laneX - 10, y: TOP - 30, w: RULE_W + 20, h: laneH + 40 };
        const edges = [];
        const link = (a, b) => edges.push(this.edgePath(a, b));
        const risk = steps[steps.length - 1];
        for (const source of sources) {
            link(source, steps[0]);
        }
        for (let i = 1; i < steps.length; i++) {
            link(steps[i - 1], steps[i]);
        }
        const laneBox = { x: lane.x, y: lane.y, w: lane.w, h: lane.h };
        link(risk, rules.length ? rules[0] : laneBox);
        for (let i = 1; i < rules.length; i++) {
            edges.push(this.downPath(rules[i - 1], rules[i]));
        }
        link(rules.length ? rules[rules.length - 1] : laneBox, imported);
        for (const node of finish) {
            link(imported, node);
        }
        for (const node of pushes) {
            link(finish[0], node);
        }
        return {
            width: x,
            height,
            lane,
            nodes: [...sources, ...steps, imported, ...finish, ...pushes],
            rules,
            edges,
        };
    }

    edgePath(a, b) {
        const x1 = a.x + a.w;
        const y1 = a.y + a.h / 2;
        const x2 = b.x;
        const y2 = b.y + Math.min(b.h, NODE_H) / 2;
        const mid = (x1 + x2) / 2;
        return `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2 - 4},${y2}`;
    }

    downPath(a, b) {
        const x = a.x + a.w / 2;
        return `M${x},${a.y + a.h} L${x},${b.y - 4}`;
    }

    ruleY(rule) {
        const drag = this.state.drag;
        return drag && drag.id === rule.id ? rule.y + drag.dy : rule.y;
    }

    counts(node) {
        if (node.rows !== null && node.rows !== undefined) {
            return _t("%s today", node.rows);
        }
        return node.detail || "";
    }

    problems(node) {
        const parts = [];
        if (node.failures) {
            parts.push(_t("%s failed", node.failures));
        }
        if (node.held) {
            parts.push(_t("%s held", node.held));
        }
        return parts.join(" · ");
    }

    short(text, size) {
        return text && text.length > size ? `${text.slice(0, size - 1)}…` : text || "";
    }

    // ------------------------------------------------------------------
    // Clicks and drags
    // ------------------------------------------------------------------

    async openNode(node) {
        const action = await this.orm.call("storefront.channel", "flow_open", [
            [this.channelId],
            node.open,
        ]);
        this.action.doAction(action);
    }

    openRule(rule) {
        this.action.doAction(
            {
                type: "ir.actions.act_window",
                res_model: "storefront.flow.rule",
                res_id: rule.id,
                views: [[false, "form"]],
                target: "new",
            },
            { onClose: () => this.load() }
        );
    }

    newRule() {
        this.action.doAction(
            {
                type: "ir.actions.act_window",
                res_model: "storefront.flow.rule",
                views: [[false, "form"]],
                target: "new",
                context: { default_channel_id: this.channelId },
            },
            { onClose: () => this.load() }
        );
    }

    async toggleRule(rule, ev) {
        ev.stopPropagation();
        await this.orm.call("storefront.flow.rule", "action_toggle_active", [[rule.id]]);
        await this.load();
    }

    onRulePointerDown(rule, ev) {
        if (ev.button !== undefined && ev.button !== 0) {
            return;
        }
        const startY = ev.clientY;
        this.state.drag = { id: rule.id, dy: 0, moved: false };
        const onMove = (moveEv) => {
            const dy = moveEv.clientY - startY;
            this.state.drag.dy = dy;
            this.state.drag.moved = this.state.drag.moved || Math.abs(dy) > 4;
        };
        const onUp = async () => {
            window.removeEventListener("pointermove", onMove);
            window.removeEventListener("pointerup", onUp);
            const drag = this.state.drag;
            this.state.drag = null;
            if (!drag.moved) {
                this.openRule(rule);
                return;
            }
            await this.drop(rule, drag.dy);
        };
        window.addEventListener("pointermove", onMove);
        window.addEventListener("pointerup", onUp);
    }

    async drop(rule, dy) {
        const ids = this.state.graph.rules.map((r) => r.id);
        const from = ids.indexOf(rule.id);
        const step = RULE_H + RULE_GAP;
        const to = Math.max(0, Math.min(ids.length - 1, from + Math.round(dy / step)));
        if (to === from) {
            return;
        }
        ids.splice(from, 1);
        ids.splice(to, 0, rule.id);
        await this.orm.call("storefront.channel", "flow_reorder", [[this.channelId], ids]);
        await this.load();
    }
}

registry.category("actions").add("storefront_connector.flow", StorefrontFlowDiagram);
