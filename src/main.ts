// Mounts the full playground, or for ?embed the embed view, which starts its playground once in view (or clicked).
import { mount } from 'svelte';
import App from './components/App.svelte';
import EmbedStart from './components/EmbedStart.svelte';
import SandboxedEmbed from './components/SandboxedEmbed.svelte';
import { fullPage } from './components/full-page-load';
import { EXAMPLE_PARAM } from './lib/examples/gallery.svelte';
import { exampleTable } from './lib/examples/load';
import { embedOptions } from './lib/share/embed-options';
import { isSandboxedEmbed } from './lib/share/sandboxed-embed';
import { theme } from './lib/theme.svelte';
import './styles/theme.css';
import './styles/app.css';

const params = new URLSearchParams(location.search);
theme.start(params.get('theme'));
const target = document.getElementById('app')!;
// `?example=<id>` opens before the first paint, so its table is here before the page mounts; so is the full page's
// layout, which the embed view never loads.
await Promise.all([params.has(EXAMPLE_PARAM) ? exampleTable.load() : null, params.has('embed') ? null : fullPage.load()]);
// A sandbox without allow-same-origin gets one line for its host instead (src/lib/share/sandboxed-embed.ts).
if (params.has('embed') && isSandboxedEmbed()) mount(SandboxedEmbed, { target });
else if (params.has('embed')) mount(EmbedStart, { target, props: { options: embedOptions(location.search) } });
else mount(App, { target, props: { embed: false } });
