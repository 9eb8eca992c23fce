// Registers every view's custom element; the shell creates them by tag name.
import './audit-view.js';
import './config-forms.js';
import './contributed-view.js';
import './dashboard-view.js';
import './first-run-wizard.js';
import './jobs-view.js';
import './plans-view.js';
import './plugins/plugins-view.js';
import './privacy-notice.js';
import './reports-view.js';
import './repositories-view.js';
import './snapshots-view.js';
import '../settings/settings-editor.js';
import '../files/copies-flag.js';
import '../files/file-search.js';
