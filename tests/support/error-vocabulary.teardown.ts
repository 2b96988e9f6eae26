import { teardown } from './error-vocabulary';

export default teardown;
