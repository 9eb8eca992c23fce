import './shell/theme.css';
import './shell/workbench-root.js';

const saved = localStorage.getItem('timelocker.theme');
const prefersDark = window.matchMedia('(prefers-color-scheme: dark)').matches;
document.documentElement.dataset['theme'] = saved ?? (prefersDark ? 'dark' : 'light');
