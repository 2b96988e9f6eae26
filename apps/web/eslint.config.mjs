import nx from "@nx/eslint-plugin";
import angular from "angular-eslint";
import baseConfig from "../../eslint.config.mjs";

export default [
    ...nx.configs["flat/angular"],
    ...nx.configs["flat/angular-template"],
    ...baseConfig,
    {
        files: [
            "**/*.ts"
        ],
        languageOptions: {
            parserOptions: {
                projectService: true,
                tsconfigRootDir: import.meta.dirname
            }
        },
        rules: {
            "@angular-eslint/directive-selector": [
                "error",
                {
                    type: "attribute",
                    prefix: "suivi",
                    style: "camelCase"
                }
            ],
            "@angular-eslint/component-selector": [
                "error",
                {
                    type: "element",
                    prefix: "suivi",
                    style: "kebab-case"
                }
            ],
            "@angular-eslint/prefer-on-push-component-change-detection": "error",
            "@typescript-eslint/no-floating-promises": "error",
            "@typescript-eslint/switch-exhaustiveness-check": "error",
            "eqeqeq": ["error", "always"],
            "curly": ["error", "all"]
        }
    },
    ...angular.configs.templateAccessibility.map((config) => ({ ...config, files: ["**/*.html"] })),
    {
        files: [
            "**/*.html"
        ],
        rules: {
            "@angular-eslint/template/prefer-control-flow": "error"
        }
    }
];
