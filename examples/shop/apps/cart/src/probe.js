// Registers the library objects this app really imported (see @shop/probe).
import React from 'react';
import { create } from 'zustand';
import { QueryClient } from '@tanstack/react-query';
import { probeLibraries } from '@shop/probe';

probeLibraries('cart', { react: React, zustand: create, '@tanstack/react-query': QueryClient });
