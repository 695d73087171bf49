import { html } from 'htm/preact';
import { render } from 'preact';
import { App } from './app.js';
import { chooseLanguage, setLanguage } from './i18n.js';

setLanguage(chooseLanguage(location.search, localStorage.getItem('postatlas.lang'), navigator.languages));
render(html`<${App} />`, document.getElementById('app')!);
