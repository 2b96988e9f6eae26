import type { Route } from '@angular/router';
import { DashboardPageComponent } from './dashboard-page.component';

export const dashboardRoutes: Route[] = [{ path: '', title: 'dashboard.title', component: DashboardPageComponent }];
