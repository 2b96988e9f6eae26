import { setup } from './error-vocabulary';

export default setup;
