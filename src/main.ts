// Mounts the full playground, or the compact embed view for ?embed.
import { mount } from 'svelte';
import App from './components/App.svelte';
import { theme } from './lib/theme.svelte';
import './styles/theme.css';
import './styles/app.css';

const params = new URLSearchParams(location.search);
theme.start(params.get('theme'));
mount(App, { target: document.getElementById('app')!, props: { embed: params.has('embed') } });
