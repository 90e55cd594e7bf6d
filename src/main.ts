// Mounts the full playground, or the compact embed view for ?embed.
import { mount } from 'svelte';
import App from './components/App.svelte';
import './styles/app.css';

mount(App, { target: document.getElementById('app')!, props: { embed: new URLSearchParams(location.search).has('embed') } });
